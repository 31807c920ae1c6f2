# Sourced by bench scripts: the kernel's own count of what the network
# stack lost during a run. On loopback a burst to thousands of sockets can
# overflow the per-CPU backlog (net.core.netdev_max_backlog); every packet
# dropped there is retransmitted 200 ms or more later, which shows up as a
# latency tail or, rarely, a client's TCP timeout, and is not renda's doing.

# Prints "packets-dropped-from-backlog tcp-segments-retransmitted".
net_counters() {
	local drops=0 d retrans
	while read -r _ d _; do
		drops=$((drops + 16#$d))
	done </proc/net/softnet_stat
	retrans=$(awk '/^Tcp:/ { if (!h) { for (i = 1; i <= NF; i++) if ($i == "RetransSegs") c = i; h = 1 } else print $c }' /proc/net/snmp)
	echo "$drops ${retrans:-0}"
}

# net_report "before" "after": one markdown line on what was lost in between.
net_report() {
	local b=($1) a=($2)
	echo "Kernel, during the run: $((a[0] - b[0])) packets dropped from the network backlog" \
		"(net.core.netdev_max_backlog = $(cat /proc/sys/net/core/netdev_max_backlog))," \
		"$((a[1] - b[1])) TCP segments retransmitted."
}
