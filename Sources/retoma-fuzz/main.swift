import FuzzEntryPoints

// `retoma-fuzz TARGET …`: see FuzzDriver (bench/fuzz.sh builds and runs it under libFuzzer).
FuzzDriver.main()
