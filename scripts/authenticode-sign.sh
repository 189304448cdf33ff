#!/usr/bin/env bash
# Authenticode-signs Windows files (programs, DLLs, installers, MSI) in place with Debian's
# osslsigncode. Who signs, in this order:
#   RDPMEDIC_AUTHENTICODE_PFX             a PKCS#12 file with the publisher's certificate and key
#   RDPMEDIC_AUTHENTICODE_CERT and _KEY   the certificate chain (PEM or DER) and its private key
#   neither                               BUILD_DIR/authenticode/, the build's development
#                                         certificate (scripts/authenticode-dev-cert.sh)
# Each is an environment variable or, when that is unset, the CMake cache variable of the same
# name in BUILD_DIR. The key's password only ever comes from the environment
# (RDPMEDIC_AUTHENTICODE_PASSWORD) and reaches osslsigncode through a pipe, not its command line.
# RDPMEDIC_AUTHENTICODE_TIMESTAMP_URL (environment or cache) adds an RFC 3161 timestamp from
# that server, so signatures stay valid after the certificate expires; without it (the default)
# nothing is fetched and the signature is valid only while the certificate is.
#   authenticode-sign.sh BUILD_DIR FILE...
set -euo pipefail
build="$1"; shift
setting() { # NAME: the environment's value, else the build's cache entry
  if [ -n "${!1:-}" ]; then printf '%s' "${!1}"; return; fi
  [ ! -f "$build/CMakeCache.txt" ] || sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"
}
pfx="$(setting RDPMEDIC_AUTHENTICODE_PFX)"
cert="$(setting RDPMEDIC_AUTHENTICODE_CERT)"
key="$(setting RDPMEDIC_AUTHENTICODE_KEY)"
timestamp_url="$(setting RDPMEDIC_AUTHENTICODE_TIMESTAMP_URL)"
if [ -n "$pfx" ]; then
  signer=(-pkcs12 "$pfx")
elif [ -n "$cert" ] || [ -n "$key" ]; then
  [ -n "$cert" ] && [ -n "$key" ] || { echo "authenticode-sign.sh: RDPMEDIC_AUTHENTICODE_CERT and RDPMEDIC_AUTHENTICODE_KEY go together" >&2; exit 1; }
  signer=(-certs "$cert" -key "$key")
else
  dev="$build/authenticode"
  [ -f "$dev/signer.pem" ] || { echo "authenticode-sign.sh: no development certificate in $dev (configure the Windows build first)" >&2; exit 1; }
  signer=(-certs "$dev/signer.pem" -key "$dev/signer.key")
fi
password=()
[ -n "${RDPMEDIC_AUTHENTICODE_PASSWORD:-}" ] && password=(-readpass /dev/stdin)
timestamp=()
[ -n "$timestamp_url" ] && timestamp=(-ts "$timestamp_url")
for file in "$@"; do
  signed="$file.signing"
  # Signing a signed file replaces its signature, so a rerun is harmless.
  if ! printf '%s' "${RDPMEDIC_AUTHENTICODE_PASSWORD:-}" |
       osslsigncode sign "${signer[@]}" "${password[@]}" "${timestamp[@]}" -h sha256 \
         -n rdpmedic -in "$file" -out "$signed" >/dev/null; then
    rm -f "$signed"
    echo "authenticode-sign.sh: $file could not be signed" >&2
    exit 1
  fi
  chmod --reference="$file" "$signed"
  mv -f "$signed" "$file"
done
