package main

// version is set at release build time with -ldflags "-X main.version=…".
var version = "dev"
