#!/usr/bin/env bash
# Sourced by the scripts that start throwaway servers for the tests (.ci/postgres.sh, .ci/ldap.sh).

# Prints a loopback port nothing listens on (tried at random in 20000-59999), or fails after 50 tries.
ci_free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}
