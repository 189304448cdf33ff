#!/usr/bin/env bash
# A development code-signing certificate for the Windows build's Authenticode signatures: a
# throwaway CA and a leaf with the codeSigning extended key usage, made with OpenSSL in DIR
# (the build directory's authenticode folder, never the source tree; nothing is downloaded).
# An existing one is kept, so one build tree's files have one signer. The CA's key is deleted:
# nothing else can ever be issued under it. Writes DIR/ca.pem (what the tests trust),
# DIR/signer.pem (the leaf, then the CA) and DIR/signer.key.
#   authenticode-dev-cert.sh DIR
set -euo pipefail
dir="$1"
[ -f "$dir/signer.pem" ] && [ -f "$dir/signer.key" ] && [ -f "$dir/ca.pem" ] && exit 0
mkdir -p "$dir"
work="$(mktemp -d "$dir/new.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cat > "$work/openssl.cnf" <<'CNF'
[req]
distinguished_name = name
prompt = no
[name]
[ca]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[signer]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
# RSA rather than ECDSA: every Windows version and wine's crypt32 verify it.
openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days 3650 -config "$work/openssl.cnf" -extensions ca \
  -subj "/O=rdpmedic development/CN=rdpmedic development code signing CA" \
  -keyout "$work/ca.key" -out "$work/ca.pem" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -sha256 -config "$work/openssl.cnf" \
  -subj "/O=rdpmedic development/CN=rdpmedic development build" \
  -keyout "$work/signer.key" -out "$work/signer.csr" 2>/dev/null
openssl x509 -req -sha256 -days 3650 -in "$work/signer.csr" -CA "$work/ca.pem" -CAkey "$work/ca.key" \
  -set_serial "0x$(openssl rand -hex 16)" -extfile "$work/openssl.cnf" -extensions signer \
  -out "$work/signer-only.pem" 2>/dev/null
cat "$work/signer-only.pem" "$work/ca.pem" > "$work/signer.pem"
chmod 600 "$work/signer.key"
mv "$work/signer.key" "$dir/signer.key"
mv "$work/signer.pem" "$dir/signer.pem"
mv "$work/ca.pem" "$dir/ca.pem"
