namespace Mnemo.Cli;

/// <summary>A configuration the server cannot start with; the message is printed and mnemo exits with 1.</summary>
internal sealed class ConfigException(string message) : Exception(message);
