namespace Mnemo.Tests.Infrastructure;

/// <summary>
/// Runs a test's busy loop on a thread of its own. On a two-core machine the thread pool starts
/// with two threads, and with the suite's other test classes running in parallel a loop queued to
/// it can wait longer than a timed race lasts: a race test once read 25M GETs in 2.5 s while its
/// writers never started.
/// </summary>
public static class DedicatedThread
{
    public static Task Run(Action loop) =>
        Task.Factory.StartNew(loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
