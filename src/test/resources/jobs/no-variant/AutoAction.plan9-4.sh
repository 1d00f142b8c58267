#!/bin/sh
echo never here
