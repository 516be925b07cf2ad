#!/usr/bin/env bash
# Importing N rows (default 100,000) from a pt-BR Excel-style CSV into an empty board, release build: ";" separator,
# Latin-1 bytes, quoted fields holding the separator and a line break, values like "1.234,56", and one message a
# row (date, author, text). Times `retoma import deals` and then a second run of the same file (which must create
# nothing new). Usage: bench/import.sh [rows]
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000}"

scripts/setup.sh release >/dev/null
swift build -c release --product retoma >/dev/null
bin="$(swift build -c release --show-bin-path)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
export RETOMA_DB="$out/bench.db"
echo "cpu: $(nproc) cores"
python3 - "$rows" "$out/deals.csv" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
with open(path, "w", encoding="latin-1", newline="") as f:
    f.write("Título;Contato;Telefone;E-mail;Empresa;Valor;Chamado;Última mensagem;Autor;Mensagem\r\n")
    for i in range(n):
        ddd = [11, 21, 31, 41, 51, 61, 71, 81][i % 8]
        phone = f"({ddd}) 9{i // 10000 % 10000:04d}-{i % 10000:04d}"
        day = 1 + i % 28
        author = "empresa" if i % 3 else "cliente"
        f.write(f'"Proposta {i}; revisão";José Araújo {i};{phone};jose{i}@exemplo.com.br;'
                f'"Padaria São João\r\nfilial {i % 97}";"{1 + i % 9}.{i % 1000:03d},{i % 100:02d}";'
                f'{"aberto" if i % 5 else "finalizado"};{day:02d}/11/2025 10:{i % 60:02d};{author};'
                f'"Olá, segue a proposta {i}."\r\n')
PY
echo "file: $(du -h "$out/deals.csv" | cut -f1), $rows rows"
"$bin/retoma" board add --name Bench >/dev/null
"$bin/retoma" column add --board Bench --name Entrada >/dev/null
column="$("$bin/retoma" board list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["boards"][0]["columns"][0]["id"])')"
for run in first second; do
  start=$(date +%s.%N)
  "$bin/retoma" --lang en import deals "$out/deals.csv" --board Bench --column "$column" </dev/null
  end=$(date +%s.%N)
  echo "$run run: $(python3 -c "print(f'{$end - $start:.2f} s')")"
done
