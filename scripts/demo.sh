#!/usr/bin/env bash
# The main job from README.md: the multi-node sandbox end to end. It installs what it needs, builds lvsctl (the agent
# and the operator land beside it), then:
#   1. `lvsctl sandbox up`: a client and 3 nodes in network namespaces, the API server with RBAC, the operator, an
#      agent per node (Kubernetes mode) and 6 echo pods;
#   2. kubectl apply examples/sandbox/web.yaml, kubectl wait --for=condition=Ready;
#   3. requests from the client to the VIP: the spread over pods and nodes, and the address every pod saw;
#   4. lvsctl list --stats on the director that holds the VIP;
#   5. kill -9 of that agent: a standby takes the VIP (the gap is printed), requests go on;
#   6. kubectl scale deployment echo: status and forwarders follow;
#   7. kubectl delete: the finalizer cleans up and the VIP stops answering;
# and removes everything it created (also on failure or Ctrl-C). Needs root.
#   bash scripts/demo.sh [--requests N]      the cluster demo (default 300 requests per round)
#   bash scripts/demo.sh --standalone [...]  the standalone agent in one director namespace (lvsctl demo)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
export PATH="$PWD/.tools/bin:$PATH"

if [[ ${1:-} == --standalone ]]; then
  shift
  exec dotnet run --project src/LvsOperator.Cli -c Release -- demo "$@"
fi

requests=300
while (($#)); do
  case $1 in
    --requests) requests=${2:?--requests N}; shift 2 ;;
    *) echo "usage: $0 [--requests N] | --standalone [lvsctl demo options]" >&2; exit 2 ;;
  esac
done
[[ $requests =~ ^[0-9]+$ ]] && ((requests >= 1 && requests <= 100000)) || { echo "--requests: 1..100000" >&2; exit 2; }

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

step "build lvsctl (with the agent and the operator beside it)"
dotnet build src/LvsOperator.Cli -c Release -nologo -v q -clp:ErrorsOnly -clp:NoSummary
lvsctl=(dotnet "$PWD/src/LvsOperator.Cli/bin/Release/net10.0/lvsctl.dll")

work=$(mktemp -d)
kc=$work/kubeconfig
sandbox=
cleanup() {
  if [[ -n $sandbox ]] && kill -0 "$sandbox" 2>/dev/null; then
    step "teardown: SIGTERM to lvsctl sandbox up (pods get SIGTERM, then every namespace goes)"
    kill -TERM "$sandbox" 2>/dev/null || true
    wait "$sandbox" 2>/dev/null || true
  fi
  [[ -n ${prefix:-} ]] && echo "namespaces left: $(ip netns list | grep -c "^$prefix-" || true)"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step "lvsctl sandbox up --nodes 3 (logs: $work/sandbox.log)"
"${lvsctl[@]}" sandbox up --kubeconfig "$kc" --nodes 3 >"$work/up.out" 2>"$work/sandbox.log" &
sandbox=$!
for ((i = 0; i < 2400; i++)); do # the kubeconfig is written once everything is Ready (bounded: 240 s)
  [[ -s $kc ]] && break
  kill -0 "$sandbox" 2>/dev/null || { cat "$work/sandbox.log"; echo "demo: the sandbox did not come up" >&2; exit 1; }
  sleep 0.1
done
[[ -s $kc ]] || { cat "$work/sandbox.log"; echo "demo: the sandbox was not Ready within 240 s" >&2; exit 1; }
client=$(sed -n 's/^client-namespace: //p' "$work/up.out")
prefix=${client%-client}
sed -n '/ is up$/,$p' "$work/sandbox.log"
k() { kubectl --kubeconfig "$kc" "$@"; }
vs=virtualservices.lvs.lvs-operator.dev # the full name: Istio's VirtualService also answers to "vs"
run kubectl get nodes,pods -A -o wide --kubeconfig "$kc"

step "apply the VirtualService and wait for Ready"
run kubectl apply -f examples/sandbox/web.yaml --kubeconfig "$kc"
run kubectl wait --for=condition=Ready "$vs/web" --timeout=60s --kubeconfig "$kc"
run kubectl get "$vs" -o wide --kubeconfig "$kc"
vip=$(k get "$vs" web -o jsonpath='{.spec.vip}')
port=$(k get "$vs" web -o jsonpath='{.spec.ports[0].port}')

# Each request is one TCP connection from the client's namespace; the echo pod answers "POD CLIENT-ADDRESS".
traffic() {
  ip netns exec "$client" bash -c '
    for ((i = 0; i < $3; i++)); do
      if exec 3<>"/dev/tcp/$1/$2" && read -r -t 2 line <&3; then echo "$line"; else echo "FAILED"; fi
      exec 3<&- 3>&- 2>/dev/null
    done' traffic "$vip" "$port" "$1" 2>/dev/null
}
spread() {
  local lines=$work/answers
  traffic "$requests" >"$lines"
  k get pods -l app=echo -o jsonpath='{range .items[*]}{.metadata.name} {.spec.nodeName}{"\n"}{end}' >"$work/pods"
  awk -v total="$requests" '
    NR == FNR { node[$1] = $2; next }
    $1 == "FAILED" { failed++; next }
    { pod[$1]++; by[node[$1] ? node[$1] : "(gone)"]++; seen[$2]++ }
    END {
      for (p in pod) printf "  %-28s %-6s %5d\n", p, node[p], pod[p]
      for (n in by) printf "  node %-23s %12d\n", n, by[n]
      printf "  %d requests: %d answered, %d failed; client addresses the pods saw:", total, total - failed, failed
      for (a in seen) printf " %s (%d)", a, seen[a]
      print ""
    }' "$work/pods" "$lines"
}

step "$requests requests from the client ($client) to $vip:$port"
spread

director=$(k get "$vs" web -o jsonpath='{.status.activeDirector}')
step "lvsctl list --stats on $director, the director that holds the VIP"
run ip netns exec "$prefix-$director" "${lvsctl[@]}" list --stats

step "kill -9 the agent on $director: a standby takes the VIP, unless the restarted agent renews its Lease first"
agent=
for p in $(pgrep -f LvsOperator.Agent.dll); do
  [[ $(ip netns identify "$p" 2>/dev/null) == "$prefix-$director" ]] && agent=$p
done
[[ -n $agent ]] || { echo "demo: no agent process in $prefix-$director" >&2; exit 1; }
killed=$(date +%s%N)
kill -9 "$agent"
answered=
for ((i = 0; i < 300; i++)); do # bounded: 300 tries, each at most 0.2 s
  if [[ $(ip netns exec "$client" timeout 0.2 bash -c 'exec 3<>"/dev/tcp/$1/$2" && read -r l <&3 && echo "$l"' x "$vip" "$port" 2>/dev/null) == *" "* ]]; then
    answered=$(date +%s%N)
    break
  fi
done
[[ -n $answered ]] || { echo "demo: nobody answered for the VIP after the kill" >&2; exit 1; }
echo "  the VIP answered again $(((answered - killed) / 1000000)) ms after the kill"
run kubectl wait --for=condition=Ready "$vs/web" --timeout=60s --kubeconfig "$kc"
now=$(k get "$vs" web -o jsonpath='{.status.activeDirector}')
if [[ $now == "$director" ]]; then
  echo "  activeDirector: still $director (the kubelet restarted its agent, which renewed its own VIP Lease before a standby could take it)"
else
  echo "  activeDirector: $director -> $now"
fi
spread

step "scale echo to 9 pods: status.backends and every forwarder follow"
run kubectl scale deployment echo --replicas=9 --kubeconfig "$kc"
for ((i = 0; i < 600; i++)); do # bounded: 60 s
  [[ $(k get "$vs" web -o jsonpath='{.status.backends[*].ip}' | wc -w) == 9 ]] \
    && k wait --for=condition=Ready "$vs/web" --timeout=1s >/dev/null 2>&1 && break
  sleep 0.1
done
run kubectl get "$vs" web -o wide --kubeconfig "$kc"
spread

step "delete the VirtualService: the finalizer cleans up, the VIP stops answering"
run kubectl delete -f examples/sandbox/web.yaml --timeout=60s --kubeconfig "$kc"
if ip netns exec "$client" timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' x "$vip" "$port" 2>/dev/null; then
  echo "demo: $vip:$port still answers after the delete" >&2
  exit 1
fi
echo "  $vip:$port no longer answers"
