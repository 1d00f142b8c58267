#!/bin/sh
# Tests only: what a program sees, and how often it ran in this run directory.
echo "run $$" >> runs.log
env | grep '^RSA_' | sort
echo "cwd=$(pwd)"
sleep 1
echo "RSA-REPORTED: yes"
