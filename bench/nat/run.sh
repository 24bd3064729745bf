#!/usr/bin/env bash
# Throughput and connection rate through kernel nftables DNAT and through the agent (root; see README.md here).
# Extra arguments go to the bench: --runs N --seconds S --workers W --director kernel|agent|both
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release -nologo -v q bench/LvsOperator.NatBench
exec dotnet bench/LvsOperator.NatBench/bin/Release/net10.0/LvsOperator.NatBench.dll "$@"
