using FrontlineMaps.Cli;

return FrontlineCommand.Run(args, Console.Out, Console.Error);
