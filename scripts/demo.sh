#!/usr/bin/env bash
# The main job from README.md: installs what it needs, then runs the LVS-NAT demo in network namespaces
# (client, director running the agent, three real servers), prints the traffic spread and `lvsctl list --stats`,
# and removes everything it created. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh >/dev/null
exec dotnet run --project src/LvsOperator.Cli -c Release -- demo "$@"
