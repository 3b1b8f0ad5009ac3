# Sourced by the packaging tests that work in the throw-away Debian root ($root): mounts /proc, /dev and the apt
# cache there in this script's own mount namespace (gone when the script ends, whatever happens), and gives
#   in_root CMD...            CMD in the root as root, with a clean environment
#   as_user USER CMD...       CMD in the root as USER, from /, as the README tells IT: runuser -u USER -- CMD
#   apt_install ARGS...       apt-get install in the root (no Recommends: what the packages Depend on must be
#                             enough); on failure (lists older than the mirror) update and try again
[ "$(id -u)" -eq 0 ] || { echo "$(basename "$0"): needs root (chroot, mounts); skipped"; exit 77; }
if [ -z "${PORTSIDE_IN_MOUNT_NS:-}" ]; then
  exec env PORTSIDE_IN_MOUNT_NS=1 unshare --mount --propagation private "$0" "$@"
fi
cache="${PORTSIDE_TEST_CACHE:-/var/cache/portside-test}"
mount_root() {
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  mkdir -p "$cache/apt-archives/partial"
  mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
}
clean_env=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive)
in_root() { chroot "$root" "${clean_env[@]}" "$@"; }
as_user() {
  local user="$1"
  shift
  in_root sh -c 'cd / && exec runuser -u "$0" -- "$@"' "$user" "$@"
}
apt_install() {
  in_root apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold "$@" >>"$log" 2>&1 && return 0
  echo "apt-get install failed; updating the package lists and trying again" >>"$log"
  in_root apt-get update -qq >>"$log" 2>&1
  in_root apt-get install -y -q --no-install-recommends -o Dpkg::Options::=--force-confold "$@" >>"$log" 2>&1 ||
    { tail -30 "$log"; echo "apt-get install $* failed in the Debian root (log: $log)"; return 1; }
}
