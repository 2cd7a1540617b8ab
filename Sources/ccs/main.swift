print("ccs")
