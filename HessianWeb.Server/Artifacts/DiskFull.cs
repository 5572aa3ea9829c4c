namespace HessianWeb.Server.Artifacts;

/// <summary>Tells a disk that refused a write (no space, quota) from other I/O failures, so the worker hears 507 and stops.</summary>
public static class DiskFull
{
    // .NET on Unix puts the errno in HResult: ENOSPC 28, EDQUOT 122 (Linux); on Windows ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL.
    const int NoSpace = 28, QuotaExceeded = 122;
    const int WindowsDiskFull = unchecked((int)0x80070070), WindowsHandleDiskFull = unchecked((int)0x80070027);

    public static bool Is(IOException ex) => ex.HResult is NoSpace or QuotaExceeded or WindowsDiskFull or WindowsHandleDiskFull;
}
