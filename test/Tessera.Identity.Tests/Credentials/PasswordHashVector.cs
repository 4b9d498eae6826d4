namespace Tessera.Identity.Tests.Credentials;

/// <summary>One stored hash made by a reference tool: its format, the command that produced it, the password and the hash.</summary>
internal sealed record PasswordHashVector(string Format, string Command, string Password, string Hash);
