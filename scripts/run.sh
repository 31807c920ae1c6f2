#!/usr/bin/env bash
# `make run`: serve renda from ./data, creating it with demo data the first
# time. DATA and LISTEN override the folder and the address.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-data}
LISTEN=${LISTEN:-127.0.0.1:8080}

if [ ! -f "$DATA/renda.db" ]; then
	build/renda demo --data "$DATA"
fi
cat <<TXT

  renda is starting on http://$LISTEN/
  Demo logins (password demo1234): staff (工作人员), zhuxi (主席团),
  daibiao01 … daibiao08 (代表), danwei (承办单位), shenji (审计).
  Citizens (社情民意, no login): http://$LISTEN/public
  Data folder: $DATA   Stop with Ctrl-C.

TXT
exec build/renda serve --data "$DATA" --listen "$LISTEN"
