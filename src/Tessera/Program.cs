using Tessera.Commands;

return await TesseraCli.RunAsync(args, Console.Out, Console.Error);
