namespace ProxyServer.Tests.Runtime.AuthBasic;

/// <summary>
/// Password entries for the password "secret", each made by a tool other than ours: Perl's crypt
/// (Debian's libxcrypt, as nginx calls it) and <c>openssl passwd</c>.
/// </summary>
internal static class UserFiles
{
    public const string Password = "secret";

    public static readonly (string User, string Entry)[] Entries =
    [
        ("plain", "{PLAIN}secret"),
        ("sha", "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ="),
        ("ssha", "{SSHA}gVK8WC9YyFT1gMsQHTGCgT3sSv5zYWx0"),
        ("apr1", "$apr1$saltsalt$LrttParrLPdxvgutaSXWJ0"),
        ("md5", "$1$saltsalt$9xy1btjgzLYfb7hivXtC//"),
        ("sha256", "$5$saltstring$C3o4O1TC6aRHF4FI.QSZMXtHbaj2gSXr4sUc/3NcUi."),
        ("sha256rounds", "$5$rounds=1000$roundsalt$lUCbt9XtIcgnEwqC0F1ZqnVZJuvR2.Yizn/Gj0BBD9/"),
        ("sha512", "$6$saltstring$AIsRs/Ee56G/tC8MEHhvReZTfx8u3rXXMl6eYrjCG9ibix19DxoMBLogdTET5Ukw9Sf7eZTITsuk0Ry5qulYz."),
        ("sha512rounds", "$6$rounds=1000$toolongsaltstrin$SDtZ.h1qRkJ/WoaBYK0veHS7pUmDpfan7wIAnvoE6x1ZDolhqQWun0M5i8JHDl5i6P/SVra9/GnmyXfWZ3wsK1"),
        ("bcrypt2b", "$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a"),
        ("bcrypt2y", "$2y$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a"),
        ("des", "saHW9GdxihkGQ"),
        ("yescrypt", "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$GmcwIgvdUC9qLWcKCi6gklUa1dM3ziD43YxYNURLKy0"),
    ];

    /// <summary>A file with every entry above, plus what nginx's scan skips or cuts: comments, blank and CR lines, trailing fields, duplicates, junk.</summary>
    public static string Htpasswd =>
        "# a comment line\n\n" +
        string.Concat(Entries.Select(e => $"{e.User}:{e.Entry}\n")) +
        "comment:{PLAIN}secret:the rest is a comment\n" +
        "\r\n" +
        "crlf:{PLAIN}secret\r\n" +
        "#hidden:{PLAIN}secret\n" +
        " spaced:{PLAIN}secret\n" +
        "dup:{PLAIN}secret\n" +
        "dup:{PLAIN}other\n" +
        "badrounds:$6$rounds=10$salt$abc\n" +
        "badsalt:$5$bad:salt$abc\n" +
        "badbcrypt:$2b$05$short\n" +
        "unknown:{XYZ}secret\n" +
        "empty:\n" +
        "nocolon\n" +
        "last:{PLAIN}secret";
}
