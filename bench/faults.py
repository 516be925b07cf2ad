#!/usr/bin/env python3
"""Kill and pause trials for the follow-up engine (see RELIABILITY.md).

Each trial makes a fresh database with due deals, runs `retoma engine` against the sandbox channel with a slow
answer (the outbox line is the customer's phone: written at delivery, before the provider answers), and at a
random moment either kills it with SIGKILL or stops it with SIGSTOP for longer than the lease while a second
engine takes over, then lets everything settle. Meanwhile a column's settings are saved from another process.

It counts, per deal, the messages the customer received (must be 0 or 1), messages delivered while the ledger
says the key was not sent (must be 0), and saved configurations that did not survive (must be 0).
Loopback only: the AI is a small OpenAI-compatible server on 127.0.0.1 that writes distinct texts.
"""
import http.server, json, os, random, signal, subprocess, sys, tempfile, threading, time

BIN, TRIALS, SEED = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 1
DEALS = 6
LEASE_TTL = 6  # EngineConfiguration's default
rng = random.Random(SEED)


class AI(http.server.BaseHTTPRequestHandler):
    count = 0
    lock = threading.Lock()

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with AI.lock:
            AI.count += 1
            n = AI.count
        topics = ["o orçamento", "a proposta", "a visita técnica", "o contrato", "as fotos", "o prazo de entrega"]
        text = f"Oi! Tudo bem? Conseguiu ver {topics[n % len(topics)]} que mandei? Fico à disposição ({n})."
        body = json.dumps({"id": f"c{n}", "object": "chat.completion", "created": int(time.time()), "model": "fault-ai",
                           "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                                        "finish_reason": "stop"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), AI)
threading.Thread(target=server.serve_forever, daemon=True).start()


def run(args, env, check=True):
    r = subprocess.run([BIN] + args, env=env, capture_output=True, text=True, timeout=120)
    if check and r.returncode != 0:
        raise SystemExit(f"retoma {' '.join(args)} failed ({r.returncode}): {r.stderr.strip()}")
    return r


def iso(offset):
    return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(time.time() + offset))


def trial(number, kind):
    folder = tempfile.mkdtemp(prefix="retoma-faults-")
    db, outbox = os.path.join(folder, "t.db"), os.path.join(folder, "outbox.jsonl")
    env = dict(os.environ, RETOMA_DB=db, RETOMA_SANDBOX_OUTBOX=outbox,
               RETOMA_AI_BASE_URL=f"http://127.0.0.1:{server.server_port}/v1", RETOMA_AI_MODEL="fault-ai",
               RETOMA_GOVERNOR_MIN_GAP_S="0", RETOMA_GOVERNOR_JITTER_S="0-0",
               RETOMA_SANDBOX_DELAY_MS=str(rng.randint(100, 2500)), XDG_STATE_HOME=os.path.join(folder, "state"))
    run(["demo", "--deals", "0"], env)
    columns = json.loads(run(["board", "list", "--json"], env).stdout)["boards"][0]["columns"]
    waiting, other = columns[2]["id"], columns[1]["id"]
    for i in range(DEALS):
        deal = json.loads(run(["deal", "add", "--column", str(waiting), "--title", f"Proposta {i}", "--contact-name",
                               f"Cliente {i}", "--phone", f"1198765{4300 + i}", "--json"], env).stdout)["deal"]["id"]
        run(["message", "add", "--deal", str(deal), "--from", "agent", "--text", "Segue a proposta.", "--at", iso(-3 * 86400)], env)
    run(["followup", "set", "--column", str(waiting), "--enabled", "true", "--every", "1d", "--business-hours", "false",
         "--after-close", "false", "--yes"], env)

    def engine(name):
        log = open(os.path.join(folder, f"engine-{name}.log"), "w")
        return subprocess.Popen([BIN, "engine", "--lang", "en"], env=env, stdout=log, stderr=subprocess.STDOUT)

    a = engine("a")
    time.sleep(rng.uniform(0.5, 6))
    saved = f"trial {number}: pergunte pela proposta"
    setter = subprocess.Popen([BIN, "followup", "set", "--column", str(other), "--instructions", saved], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    b = None
    if kind == "kill":
        a.send_signal(signal.SIGKILL)
        a.wait()
        b = engine("b")
        time.sleep(LEASE_TTL + 5)
    else:
        a.send_signal(signal.SIGSTOP)
        b = engine("b")
        time.sleep(LEASE_TTL + rng.uniform(3, 6))   # past A's lease: B takes over and sends
        a.send_signal(signal.SIGCONT)
        time.sleep(4)
        a.send_signal(signal.SIGTERM)
        a.wait(timeout=30)
    saved_ok = setter.wait(timeout=60) == 0
    b.send_signal(signal.SIGTERM)
    b.wait(timeout=30)

    delivered = []
    if os.path.exists(outbox):
        with open(outbox) as f:
            delivered = [json.loads(line) for line in f if line.strip()]
    attempts = json.loads(run(["log", "--json"], env).stdout)["attempts"]
    by_key = {a["key"]: a for a in attempts}
    per_deal = {}
    for line in delivered:
        deal = line["key"].split("-")[0]
        per_deal[deal] = per_deal.get(deal, 0) + 1
    duplicates = sum(n - 1 for n in per_deal.values() if n > 1)
    unrecorded = sum(1 for line in delivered if by_key.get(line["key"], {}).get("state") not in ("sent", "uncertain"))
    shown = json.loads(run(["followup", "show", "--column", str(other), "--json"], env).stdout)
    lost = 1 if saved_ok and saved not in json.dumps(shown, ensure_ascii=False) else 0
    states = {}
    for at in attempts:
        states[at["state"]] = states.get(at["state"], 0) + 1
    return dict(trial=number, kind=kind, delivered=len(delivered), keys=len({d["key"] for d in delivered}),
                duplicates=duplicates, unrecorded=unrecorded, configs_lost=lost, states=states, folder=folder)


totals = dict(trials=0, kill=0, stop=0, delivered=0, duplicates=0, unrecorded=0, configs_lost=0, uncertain=0)
started = time.time()
for n in range(1, TRIALS + 1):
    kind = "kill" if n % 2 else "stop"
    r = trial(n, kind)
    totals["trials"] += 1
    totals[kind] += 1
    for k in ("delivered", "duplicates", "unrecorded", "configs_lost"):
        totals[k] += r[k]
    totals["uncertain"] += r["states"].get("uncertain", 0)
    bad = r["duplicates"] or r["unrecorded"] or r["configs_lost"]
    print(f"trial {n:3d} {kind:4s}: delivered {r['delivered']}, duplicates {r['duplicates']}, "
          f"delivered-but-unrecorded {r['unrecorded']}, configs lost {r['configs_lost']}, ledger {r['states']}"
          + (f"  <-- kept {r['folder']}" if bad else ""), flush=True)
    if not bad:
        subprocess.run(["rm", "-rf", r["folder"]])
server.shutdown()
print(f"\n{totals['trials']} trials ({totals['kill']} kill -9, {totals['stop']} SIGSTOP past the lease) in "
      f"{time.time() - started:.0f} s: {totals['delivered']} messages delivered, {totals['duplicates']} duplicates, "
      f"{totals['unrecorded']} delivered while the ledger said not sent, {totals['configs_lost']} configurations lost, "
      f"{totals['uncertain']} attempts left uncertain for the operator")
sys.exit(1 if totals["duplicates"] or totals["unrecorded"] or totals["configs_lost"] else 0)
