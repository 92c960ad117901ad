using System.Text;
using ProxyServer.Runtime.AuthBasic;

namespace ProxyServer.Tests.Runtime.AuthBasic;

/// <summary>
/// The schemes written here (MD5-crypt, SHA-crypt) give what the system's crypt (Debian's
/// libxcrypt, which nginx calls) gives for the same key and setting, over keys and salts of every
/// length class the algorithms branch on; bcrypt (BCrypt.Net-Next) accepts what libxcrypt makes.
/// </summary>
public sealed class PasswordCryptTests
{
    public static TheoryData<string, string> Settings()
    {
        var keys = new[] { "", "a", "secret", "pässwörd", new string('k', 31), new string('k', 32), new string('k', 33), new string('k', 64), new string('k', 65), new string('x', 200) };
        var settings = new[]
        {
            "$1$", "$1$s$", "$1$saltsalt$", "$1$toolongsalt$", "$1$abc",
            "$5$", "$5$s$", "$5$saltstring$", "$5$0123456789abcdefXYZ$", "$5$rounds=1000$r$", "$5$rounds=1234$salt$", "$5$nodollar",
            "$6$", "$6$s$", "$6$saltstring$", "$6$0123456789abcdefXYZ$", "$6$rounds=1000$r$", "$6$rounds=2000$salt$",
            "$5$rounds=999$x$", "$5$rounds=0100$x$", "$6$rounds=$x$", "$6$rounds=abc$x$", "$6$rounds=1000000000$x$",
        };
        var data = new TheoryData<string, string>();
        foreach (var key in keys)
            foreach (var setting in settings)
                data.Add(key, setting);
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void WrittenSchemes_SameHashAsSystemCrypt(string key, string setting)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        Assert.True(SystemCrypt.TryCrypt(bytes, setting, out var expected), "libcrypt.so.1 is missing");
        var actual = setting.StartsWith("$1$", StringComparison.Ordinal)
            ? Md5Crypt.Hash(bytes, setting, Md5Crypt.CryptMagic)
            : ShaCrypt.Hash(bytes, setting);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("secret", "$2b$04$abcdefghijklmnopqrstuu")]
    [InlineData("secret", "$2y$06$ABCDEFGHIJKLMNOPQRSTUu")]
    [InlineData("", "$2b$04$abcdefghijklmnopqrstuu")]
    [InlineData("pässwörd", "$2a$04$abcdefghijklmnopqrstuu")]
    public void Bcrypt_AcceptsWhatSystemCryptMakes(string key, string setting)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        Assert.True(SystemCrypt.TryCrypt(bytes, setting, out var hash));
        Assert.NotNull(hash);
        Assert.Equal(PasswordVerdict.Match, PasswordCrypt.Verify(bytes, hash!));
        Assert.Equal(PasswordVerdict.Mismatch, PasswordCrypt.Verify(Encoding.UTF8.GetBytes(key + "x"), hash!));
    }

    [Theory]
    [InlineData("{PLAIN}secret", "secret", PasswordVerdict.Match)]
    [InlineData("{PLAIN}secret", "secret\0tail", PasswordVerdict.Match)]
    [InlineData("{SSHA}Zm9vCg==", "foo", PasswordVerdict.Mismatch)]
    [InlineData("{SHA}_____", "x", PasswordVerdict.Mismatch)]
    [InlineData("$apr1$", "1", PasswordVerdict.Mismatch)]
    [InlineData("$apr1$salt$Xxd1irWT9ycqoYxGFn4cb.", "password", PasswordVerdict.Match)]
    [InlineData("$2b$05$short", "x", PasswordVerdict.Mismatch)]
    [InlineData("*", "x", PasswordVerdict.Mismatch)]
    public void NginxOwnSchemesAndBrokenEntries(string stored, string password, PasswordVerdict expected) =>
        Assert.Equal(expected, PasswordCrypt.Verify(Encoding.Latin1.GetBytes(password), stored));
}
