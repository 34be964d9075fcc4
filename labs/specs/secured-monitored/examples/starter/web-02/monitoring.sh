#!/usr/bin/env bash
# web-02: the monitoring clients (the Prometheus exporters) this host runs.
set -e
sudo apt-get update
sudo apt-get install -y prometheus-node-exporter prometheus-nginx-exporter
# the nginx exporter reads stub_status from this host
echo 'ARGS="-nginx.scrape-uri=http://127.0.0.1/nginx_status"' | sudo tee /etc/default/prometheus-nginx-exporter
sudo systemctl restart prometheus-nginx-exporter
