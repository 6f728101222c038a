namespace EndoKED.Shared;

/// <summary>Well-known centre ids. Centres are data (any id is allowed); these are the demo's three.</summary>
public static class CentreIds
{
    /// <summary>The first demo centre (English narrative reports).</summary>
    public const string A = "centre-a";

    /// <summary>The second demo centre (English template reports).</summary>
    public const string B = "centre-b";

    /// <summary>The third demo centre (Chinese reports).</summary>
    public const string C = "centre-c";

    /// <summary>Centre ids are short lower-case slugs so they are safe in paths, URLs and claims.</summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 64 &&
        id.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_') &&
        char.IsAsciiLetterOrDigit(id[0]);
}
