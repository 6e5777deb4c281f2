#!/usr/bin/env bash
# Installs the Debian packages the tests use, once, and starts PostgreSQL on loopback.
# Idempotent and quick when everything is already there. Needs root (CI and the dev machines are).
set -euo pipefail

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v pg_ctlcluster >/dev/null || need+=(postgresql)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
for l in kaz rus eng; do
  [ -e "/usr/share/tesseract-ocr/5/tessdata/$l.traineddata" ] || need+=("tesseract-ocr-$l")
done
command -v java >/dev/null || need+=(default-jre-headless)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui libreoffice-calc-nogui)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# fonts for the test screenshots the image tests render (they fall back to DejaVu without them)
[ -e /usr/share/fonts/truetype/roboto/unhinted/RobotoTTF/Roboto-Regular.ttf ] || need+=(fonts-roboto)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf ] || need+=(fonts-liberation2)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "system-deps: missing ${need[*]} — run as root or install them" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PostgreSQL on loopback with a throwaway test database (password auth over TCP).
if command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then
  ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
  pg_lsclusters -h | grep -q "^$ver main" || pg_createcluster "$ver" main >/dev/null
  pg_ctlcluster "$ver" main status >/dev/null 2>&1 || pg_ctlcluster "$ver" main start
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='saqbol'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE saqbol LOGIN PASSWORD 'saqbol' CREATEDB\""
  su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='saqbol_test'\"" | grep -q 1 \
    || su postgres -c "createdb -O saqbol saqbol_test"
fi
