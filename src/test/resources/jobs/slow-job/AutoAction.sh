#!/bin/sh
echo "started"
sleep 600 &
echo "child $!"
sleep 600
