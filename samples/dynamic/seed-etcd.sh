#!/bin/sh
# Keys for samples/dynamic/etcd-routing.conf (etcdctl from Debian's etcd-client package).
set -eu
export ETCDCTL_API=3
endpoint=${ETCD_ENDPOINT:-127.0.0.1:2379}
etcdctl --endpoints "$endpoint" put /proxy/hosts/app.example.com app
etcdctl --endpoints "$endpoint" put /proxy/upstreams/app/peer1 "127.0.0.1:8091"
etcdctl --endpoints "$endpoint" put /proxy/upstreams/app/peer2 "127.0.0.1:8092 weight=2"
