# Sourced by the installer tests (after checks.sh, with build_dir set): Authenticode signatures
# checked with osslsigncode verify, trusting the build's development CA (or, for a build signed
# with a publisher's certificate, the system's CA bundle, osslsigncode's default).
#   check_every_pe_signed WHAT FOLDER   every PE file (MZ header) under FOLDER is signed, the
#                                       signature valid and its chain ends at the trusted CA
#   check_signed WHAT FILE              the same for one file
#   check_tampered_copy_refused FILE    a copy with one byte changed in the signed part fails,
#                                       its digest no longer matching
authenticode_trust=()
if ! grep -Eq '^RDPMEDIC_AUTHENTICODE_(PFX|CERT):[A-Z]*=.' "$build_dir/CMakeCache.txt" &&
   [ -z "${RDPMEDIC_AUTHENTICODE_PFX:-}${RDPMEDIC_AUTHENTICODE_CERT:-}" ]; then
  authenticode_trust=(-CAfile "$build_dir/authenticode/ca.pem")
fi
authenticode_valid() { # FILE: osslsigncode's verdict, its last lines kept for the log
  local output status
  output="$(osslsigncode verify "${authenticode_trust[@]}" -in "$1" 2>&1)"; status=$?
  [ "$status" -eq 0 ] && grep -q '^Signature verification: ok' <<<"$output" && return 0
  grep -iE 'mismatch|error|fail|no signature' <<<"$output" | head -3 | sed "s|^|  $(basename "$1"): |" >&2
  return 1
}
check_signed() { check "$1 is Authenticode-signed, valid, from the trusted signer" authenticode_valid "$2"; }
pe_files() { # FOLDER: the PE files under it, one a line
  find "$1" -type f -print0 | while IFS= read -r -d '' file; do
    [ "$(head -c 2 "$file")" = MZ ] && printf '%s\n' "$file"
  done
}
check_every_pe_signed() {
  local what="$1" folder="$2" files unsigned count start=$SECONDS
  files="$(pe_files "$folder")"
  count="$(grep -c . <<<"$files")"
  unsigned="$(while IFS= read -r file; do authenticode_valid "$file" 2>/dev/null || echo "${file#"$folder"/}"; done <<<"$files")"
  echo "$what: $count PE files verified in $((SECONDS - start)) s, not validly signed: ${unsigned:-none}"
  check "every PE file $what ($count) Authenticode-signed and valid" test -z "$unsigned" -a "$count" -gt 10
}
check_tampered_copy_refused() {
  local copy; copy="$(mktemp --suffix=.exe)"
  cp "$1" "$copy"
  # The middle of the file: inside a section, which the signed digest covers (the signature
  # itself is appended at the end).
  local offset=$(( $(stat -c %s "$copy") / 2 ))
  local byte; byte="$(od -An -tu1 -j "$offset" -N1 "$copy" | tr -d ' ')"
  printf "$(printf '\\%03o' $(( byte ^ 0xff )))" | dd of="$copy" bs=1 seek="$offset" conv=notrunc status=none
  check "$(basename "$1") still verifies before the copy is changed" authenticode_valid "$1"
  check_not "a copy of $(basename "$1") with one byte changed (offset $offset) fails verification" authenticode_valid "$copy"
  # For the right reason: the digest of the signed content, not a file osslsigncode cannot read.
  local mismatch; mismatch="$(osslsigncode verify "${authenticode_trust[@]}" -in "$copy" 2>&1 | grep -m1 'MISMATCH')"
  echo "  changed copy: ${mismatch:-no digest mismatch reported}"
  check "the changed copy's digest no longer matches its signature" test -n "$mismatch"
  check "the changed copy differs from the original in one byte" test "$(cmp "$1" "$copy" | wc -l)" -eq 1
  rm -f "$copy"
}
