#!/usr/bin/env bash
# Counts the Irish PrefLib elections by Meek's method with plenum and with
# the PR Foundation reference implementation meeks-prf-js (npm), checks
# that both elect the same candidates, and compares their speed, whole
# process against whole process: wall time and CPU time (user + system),
# each the best of RUNS runs. It fails unless plenum takes at most a tenth
# of the peer's CPU time.
# Needs Go, Node.js and npm. Usage: bench/peer-meek.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
work=$(mktemp -d /tmp/plenum-peer-meek.XXXXXX)
trap 'rm -rf "$work"' EXIT

go build -o "$work/plenum" ./cmd/plenum
(cd "$work" && npm install --silent --no-audit --no-fund meeks-prf-js@1.0.0 >/dev/null)
meeks="$work/node_modules/meeks-prf-js/index.js"

# best RUNS CMD...: the shortest wall time and the shortest CPU time (user
# plus system) of RUNS runs of the whole process, in seconds.
best() {
	local n=$1 wall= cpu= r u s
	shift
	for _ in $(seq "$n"); do
		read -r r u s < <({ TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1)
		wall=$(awk -v a="$r" -v b="$wall" 'BEGIN { print (b == "" || a < b) ? a : b }')
		cpu=$(awk -v a="$(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" -v b="$cpu" 'BEGIN { print (b == "" || a < b) ? a : b }')
	done
	echo "$wall $cpu"
}

status=0
printf '%-20s %5s %9s %9s %7s %9s %9s %7s  %s\n' election seats plenum_s meeks_s wall_x plenum_cpu meeks_cpu cpu_x winners
for spec in "00001-00000001.soi:4:Dublin North 2002" "00001-00000003.soi:5:Meath 2002"; do
	IFS=: read -r file seats name <<<"$spec"
	soi="count/testdata/preflib/$file"
	node bench/preflib-to-meeks.mjs "$soi" "$seats" >"$work/in.json"
	node "$meeks" "$work/in.json" "$work/out.json"
	"$work/plenum" tally --method stv-meek --seats "$seats" --json "$soi" >"$work/plenum.json"
	# Both winner lists as PrefLib numbers, sorted.
	theirs=$(node -e 'const r=require(process.argv[1]); console.log(r.elected.map(c=>c.slice(1)).sort((a,b)=>a-b).join(","))' "$work/out.json")
	ours=$(node -e 'const r=require(process.argv[1]); console.log(r.elected.map(n=>r.candidates.indexOf(n)+1).sort((a,b)=>a-b).join(","))' "$work/plenum.json")
	read -r pw pc < <(best "$runs" "$work/plenum" tally --method stv-meek --seats "$seats" --json "$soi")
	read -r mw mc < <(best "$runs" node "$meeks" "$work/in.json" "$work/out.json")
	wx=$(awk -v a="$mw" -v b="$pw" 'BEGIN { printf "%.1f", a / b }')
	cx=$(awk -v a="$mc" -v b="$pc" 'BEGIN { printf "%.1f", a / b }')
	same=same
	if [ "$theirs" != "$ours" ]; then same="DIFFER: plenum $ours, meeks-prf-js $theirs"; status=1; fi
	printf '%-20s %5s %9s %9s %6sx %9s %9s %6sx  %s\n' "$name" "$seats" "$pw" "$mw" "$wx" "$pc" "$mc" "$cx" "$same"
	# The check is on CPU time: on a shared machine wall time also measures
	# how long each process waited for a core.
	if awk -v s="$cx" 'BEGIN { exit !(s < 10) }'; then
		echo "plenum uses less than a tenth of the CPU time of meeks-prf-js on $name" >&2
		status=1
	fi
done
exit $status
