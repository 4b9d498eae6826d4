using System.Runtime.CompilerServices;

// The fixtures' start-up and clean-up are tested from the platform tests.
[assembly: InternalsVisibleTo("Tessera.Platform.Tests")]
