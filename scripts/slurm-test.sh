#!/usr/bin/env bash
# A sweep on a real Slurm cluster: brings up a single-node cluster from Debian's packages
# (slurm-wlm, munge; installed with apt-get when missing), munged with its own key and socket,
# slurmctld and slurmd on this host with a configuration in a temporary directory, runs
# examples/sweeps/small.json through scripts/slurm/sweep.sbatch as a 4-task job array plus the
# dependent merge job, and requires the merged files to equal a single-process run byte for
# byte. Then kills a shard with SIGKILL at moments spread over its run, resubmits it as a Slurm
# array task, and requires the same shard file. Stops every daemon it started (trap).
# Run by `make test`; needs root (the daemons run as root in this container). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
B=$root/.build/release/deft-sim
[[ -x $B ]] || swift build -c release

if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
  ! command -v munged >/dev/null; then
  if [[ $(id -u) -ne 0 ]]; then
    echo "slurm-test: slurm-wlm and munge are missing and installing needs root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null; }
fi

work=$(mktemp -d /tmp/deft-sim-slurm.XXXXXX)
chmod 755 "$work"
pids=()
stop() {
  local status=$?
  if [[ -n ${SLURM_CONF:-} ]] && command -v scancel >/dev/null; then
    scancel --user="$(id -un)" 2>/dev/null || true
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
  if ((status != 0)); then
    for log in "$work"/log/*.log; do
      [[ -f $log ]] && { echo "--- $log"; tail -20 "$log"; }
    done
  fi
  rm -rf "$work"
}
trap stop EXIT

# --- munge with its own key, socket and files.
mkdir -p "$work/munge" "$work/log" "$work/state" "$work/spool"
chmod 700 "$work/munge"
if [[ -x /usr/sbin/mungekey ]]; then
  /usr/sbin/mungekey --create --keyfile="$work/munge/munge.key" --force >/dev/null
else
  dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
fi
chmod 400 "$work/munge/munge.key"
socket=$work/munge/munge.socket.2
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$socket" \
  --pid-file="$work/munge/munged.pid" --log-file="$work/log/munged.log" \
  --seed-file="$work/munge/munged.seed" >>"$work/log/munged.log" 2>&1 &
pids+=($!)

# --- slurm.conf: one node (this host), one partition, no accounting. Ports 16817/16818, or the
# next free pair (a cluster left by a killed run, or another one, keeps its ports).
in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=16817
while in_use "$port" || in_use $((port + 1)); do
  port=$((port + 2))
  ((port < 16900)) || { echo "slurm-test: FAIL: no free port pair in 16817...16900"; exit 1; }
done
host=$(hostname)
export SLURM_CONF=$work/slurm.conf
cat >"$SLURM_CONF" <<CONF
ClusterName=deftsim
SlurmctldHost=$host
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$host CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
for _ in $(seq 50); do [[ -S $socket ]] && break; sleep 0.1; done
slurmctld -D -c -f "$SLURM_CONF" >>"$work/log/slurmctld.log" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" >>"$work/log/slurmd.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  state=$(sinfo -h -N -o %T 2>/dev/null | head -1 || true)
  [[ $state == idle* ]] && break
  sleep 0.3
done
[[ ${state:-} == idle* ]] || { echo "slurm-test: FAIL: node not idle (state '${state:-}')"; exit 1; }
echo "slurm-test: single-node cluster up ($host, $(slurmctld -V))"

# --- traces of the small example (as docs/sweeps.md makes them).
spec=examples/sweeps/small.json
mkdir -p examples/sweeps/traces
[[ -f examples/sweeps/traces/small-peft.trace ]] || "$B" trace synth --sequences 48 \
  --tokens 15-30 --density 0.3 --seed 1 --out examples/sweeps/traces/small-peft.trace >/dev/null
[[ -f examples/sweeps/traces/small-deft.trace ]] || "$B" trace synth --sequences 48 \
  --tokens 15-30 --density 0.12 --seed 2 --deft --out examples/sweeps/traces/small-deft.trace \
  >/dev/null

# Waits until job $1 has left the queue; echoes its final state.
finished() {
  local state=""
  for _ in $(seq 600); do
    state=$(scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 || true)
    case ${state#JobState=} in COMPLETED | FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY)
      break ;;
    esac
    sleep 0.5
  done
  echo "${state#JobState=}"
}

# --- the 4-task array and the merge job.
export DEFT_SIM=$B
submitted=$(scripts/slurm/sweep.sbatch "$spec" "$work/slurm" 4)
array=$(awk '/^array/ {print $2}' <<<"$submitted")
merge=$(awk '/^merge/ {print $2}' <<<"$submitted")
echo "slurm-test: submitted array $array (4 tasks) and merge $merge (afterok)"
result=$(finished "$merge")
[[ $result == COMPLETED ]] || { echo "slurm-test: FAIL: merge job $result"; cat "$work"/slurm/logs/* || true; exit 1; }
for i in 0 1 2 3; do
  [[ -f $work/slurm/shards/shard-$i-of-4.json ]] || { echo "slurm-test: FAIL: shard $i missing"; exit 1; }
done

"$B" sweep run "$spec" --out "$work/single/shards" >/dev/null
"$B" sweep merge "$work/single/shards" --out "$work/single/merged" >/dev/null
for f in sweep.csv sweep.json pareto.csv report.html; do
  cmp "$work/slurm/merged/$f" "$work/single/merged/$f" ||
    { echo "slurm-test: FAIL: $f of the 4-task array differs from one process"; exit 1; }
done
echo "slurm-test: merged 4-task array == single process (sweep.csv, sweep.json, pareto.csv, report.html)"

# --- SIGKILL a shard mid-run, resubmit it as an array task (with its merge job): same bytes.
reference=$work/slurm/shards/shard-1-of-4.json
start=$(date +%s%N)
"$B" sweep run "$spec" --out "$work/timing" --shard 1/4 >/dev/null
ms=$((($(date +%s%N) - start) / 1000000 + 1))
killed_mid_run=0
for fraction in 10 30 50 70 90; do
  out=$work/kill-$fraction
  mkdir -p "$out/shards"
  cp "$work"/slurm/shards/shard-{0,2,3}-of-4.json "$out/shards/"
  "$B" sweep run "$spec" --out "$out/shards" --shard 1/4 >/dev/null 2>&1 &
  pid=$!
  delay=$((ms * fraction / 100))
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [[ -f $out/shards/shard-1-of-4.json ]] || killed_mid_run=$((killed_mid_run + 1))
  resubmitted=$(scripts/slurm/sweep.sbatch "$spec" "$out" 4 1)
  merge=$(awk '/^merge/ {print $2}' <<<"$resubmitted")
  [[ $(finished "$merge") == COMPLETED ]] ||
    { echo "slurm-test: FAIL: resubmitted task or its merge"; cat "$out"/logs/* || true; exit 1; }
  cmp "$out/shards/shard-1-of-4.json" "$reference" ||
    { echo "slurm-test: FAIL: shard killed at $fraction % and resubmitted differs"; exit 1; }
  diff -r "$out/merged" "$work/single/merged" >/dev/null ||
    { echo "slurm-test: FAIL: merge after the resubmitted shard differs"; exit 1; }
  if find "$out/shards" -name '*deft-sim-partial-*' | grep -q .; then
    echo "slurm-test: FAIL: partial files left after the resubmitted shard"
    exit 1
  fi
done
echo "slurm-test: shard 1/4 SIGKILLed at 10-90 % of its ${ms} ms run ($killed_mid_run of 5" \
  "before its file was written), resubmitted with its merge job: same shard file, same merge"
echo "slurm-test: OK"
