print("retoma")
