#!/usr/bin/env bash
# app-01: the monitoring clients (the Prometheus exporters) this host runs.
set -e
sudo apt-get update
sudo apt-get install -y prometheus-node-exporter
