// CCSSandbox
