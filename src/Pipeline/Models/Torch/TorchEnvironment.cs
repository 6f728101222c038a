using System.Runtime.InteropServices;

namespace EndoKED.Pipeline.Models.Torch;

/// <summary>
/// Process settings libtorch must see before it loads. On the project's AMD EPYC machines oneDNN's AVX-512 kernels give
/// NaN gradients, so its ISA is capped at AVX2. Environment.SetEnvironmentVariable only changes .NET's copy of the
/// environment; native getenv reads libc's, hence setenv.
/// </summary>
public static class TorchEnvironment
{
    public const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";
    public const string OneDnnIsa = "AVX2";

    private static readonly Lazy<bool> Prepared = new(() =>
    {
        if (OperatingSystem.IsLinux())
            _ = NativeMethods.setenv(Utf8Z(OneDnnIsaVariable), Utf8Z(OneDnnIsa), 0);
        if (Environment.GetEnvironmentVariable(OneDnnIsaVariable) is null)
            Environment.SetEnvironmentVariable(OneDnnIsaVariable, OneDnnIsa);
        return true;
    });

    /// <summary>Call before the first TorchSharp call; an existing value (a deliberate choice) is kept.</summary>
    public static void EnsurePrepared() => _ = Prepared.Value;

    /// <summary>The value libc's getenv returns now.</summary>
    public static string? NativeValue(string name) =>
        OperatingSystem.IsLinux() ? Marshal.PtrToStringUTF8(NativeMethods.getenv(Utf8Z(name))) : Environment.GetEnvironmentVariable(name);

    /// <summary>Null-terminated UTF-8, marshalled as plain bytes.</summary>
    private static byte[] Utf8Z(string text) => System.Text.Encoding.UTF8.GetBytes(text + "\0");

    private static class NativeMethods
    {
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int setenv(byte[] name, byte[] value, int overwrite);

        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern IntPtr getenv(byte[] name);
    }
}
