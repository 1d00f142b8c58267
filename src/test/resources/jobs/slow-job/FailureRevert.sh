#!/bin/sh
echo "reverting slowly"
sleep 600
