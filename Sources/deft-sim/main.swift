import DeftSimCommands

DeftSim.main()
