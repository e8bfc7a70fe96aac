# Copies the working tree of the git repository in the current directory to DEST (an existing directory):
# tracked files and untracked files that are not ignored, as `git ls-files` lists them, never `node_modules`
# or `dist` at any depth, whatever they are. A symlinked node_modules (a worktree sharing another checkout's
# packages) is not a directory to .gitignore's `node_modules/`, so git lists it as an untracked file; copied,
# it made the copy's `npm ci` empty the checkout it pointed to. Used by .ci/sdk-floor.sh.
# Usage: bash .ci/copy-worktree.sh DEST
set -euo pipefail
dest=${1:?usage: copy-worktree.sh DEST}
git ls-files -z --cached --others --exclude-standard |
  grep -zEv '(^|/)(node_modules|dist)(/|$)' |
  tar --null --ignore-failed-read -T - -cf - | tar -xf - -C "$dest"
