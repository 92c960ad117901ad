// Port of libinjection (src/libinjection_xss.c; the event-attribute list is libinjection 4's,
// the version naxsi bundles). Copyright (c) 2012-2016, Nick Galbreath; 2021 LibInjection.
// BSD-3-Clause: see COPYING.txt in this folder.

namespace ProxyServer.Runtime.Waf.LibInjection;

/// <summary>
/// libinjection's XSS detector (<c>libinjection_xss</c>, as naxsi calls it): the input is tokenized
/// as HTML5 starting in text and in each kind of attribute value, and it is XSS as soon as a
/// token is dangerous: a doctype, a script-like tag, an event handler or style attribute, a
/// javascript:/data:/vbscript: URL in a URL attribute, or an IE conditional comment.
/// </summary>
public static class Xss
{
    private enum AttributeType { None, Black, Url, Style, Indirect }

    public static bool IsXss(ReadOnlySpan<byte> input)
    {
        foreach (var start in Starts)
            if (IsXss(input, start)) return true;
        return false;
    }

    private static readonly Html5Start[] Starts =
        [Html5Start.Data, Html5Start.ValueNoQuote, Html5Start.ValueSingleQuote, Html5Start.ValueDoubleQuote, Html5Start.ValueBackQuote];

    internal static bool IsXss(ReadOnlySpan<byte> input, Html5Start start)
    {
        var h5 = new Html5Tokenizer(input, start);
        var attr = AttributeType.None;
        while (h5.Next())
        {
            if (h5.TokenType != Html5TokenType.AttrValue) attr = AttributeType.None;
            switch (h5.TokenType)
            {
                case Html5TokenType.Doctype:
                    return true;
                case Html5TokenType.TagNameOpen:
                    if (IsBlackTag(h5.Token)) return true;
                    break;
                case Html5TokenType.AttrName:
                    attr = BlackAttribute(input, h5.TokenStart, h5.TokenLength);
                    break;
                case Html5TokenType.AttrValue:
                    switch (attr)
                    {
                        case AttributeType.Black:
                        case AttributeType.Style:
                            return true;
                        case AttributeType.Url:
                            if (IsBlackUrl(input, h5.TokenStart, h5.TokenLength)) return true;
                            break;
                        case AttributeType.Indirect:
                            // The value names an attribute (SVG's attributeName).
                            if (BlackAttribute(input, h5.TokenStart, h5.TokenLength) != AttributeType.None) return true;
                            break;
                    }
                    attr = AttributeType.None;
                    break;
                case Html5TokenType.TagComment:
                    if (IsBlackComment(h5.Token)) return true;
                    break;
            }
        }
        return false;
    }

    private static bool IsBlackComment(ReadOnlySpan<byte> comment)
    {
        // IE reads '`' as the end of a tag.
        if (comment.Contains((byte)'`')) return true;
        if (comment.Length > 3)
        {
            // IE conditional comments and <?xml.
            if (comment[0] == '[' && comment[1] is (byte)'i' or (byte)'I' && comment[2] is (byte)'f' or (byte)'F') return true;
            if (comment[0] is (byte)'x' or (byte)'X' && comment[1] is (byte)'m' or (byte)'M' && comment[2] is (byte)'l' or (byte)'L') return true;
        }
        // IE's <?import pseudo-tag and XML entity definitions.
        return comment.Length > 5
            && (EqualsIgnoringZeros("IMPORT"u8, comment, 0, 6) || EqualsIgnoringZeros("ENTITY"u8, comment, 0, 6));
    }

    private static bool IsBlackTag(ReadOnlySpan<byte> name)
    {
        if (name.Length < 3) return false;
        foreach (var tag in BlackTags)
            if (EqualsIgnoringZeros(tag, name, 0, name.Length)) return true;
        // Anything SVG or XSL(T).
        return (name[0] is (byte)'s' or (byte)'S' && name[1] is (byte)'v' or (byte)'V' && name[2] is (byte)'g' or (byte)'G')
            || (name[0] is (byte)'x' or (byte)'X' && name[1] is (byte)'s' or (byte)'S' && name[2] is (byte)'l' or (byte)'L');
    }

    private static AttributeType BlackAttribute(ReadOnlySpan<byte> input, int start, int length)
    {
        if (length < 2) return AttributeType.None;
        if (length >= 5)
        {
            var name = input.Slice(start, length);
            // JavaScript event handlers: "on" then an event name (compared as a prefix, reading on
            // past the attribute name exactly as libinjection does).
            if (name[0] is (byte)'o' or (byte)'O' && name[1] is (byte)'n' or (byte)'N')
            {
                foreach (var evt in BlackEvents)
                    if (EqualsIgnoringZeros(evt, input, start + 2, evt.Length)) return AttributeType.Black;
            }
            // XMLNS and XLINK can create arbitrary tags.
            if (EqualsIgnoringZeros("XMLNS"u8, input, start, 5) || EqualsIgnoringZeros("XLINK"u8, input, start, 5)) return AttributeType.Black;
        }
        foreach (var (attribute, type) in BlackAttributes)
            if (EqualsIgnoringZeros(attribute, input, start, length)) return type;
        return AttributeType.None;
    }

    private static bool IsBlackUrl(ReadOnlySpan<byte> input, int start, int length)
    {
        // Skip white space, control bytes and non-ASCII bytes (Opera takes UTF-8 white space).
        while (length > 0 && (input[start] <= 32 || input[start] >= 127))
        {
            start++;
            length--;
        }
        return HtmlEncodedStartsWith("DATA"u8, input, start, length)
            || HtmlEncodedStartsWith("VIEW-SOURCE"u8, input, start, length)
            || HtmlEncodedStartsWith("JAVA"u8, input, start, length)
            || HtmlEncodedStartsWith("VBSCRIPT"u8, input, start, length);
    }

    private static byte ByteAt(ReadOnlySpan<byte> s, int i) => (uint)i < (uint)s.Length ? s[i] : (byte)0;

    /// <summary>
    /// libinjection's <c>cstrcasecmp_with_null(upper, input + start, n)</c>: the <paramref name="n"/>
    /// bytes from <paramref name="start"/>, zero bytes skipped and a-z upper-cased, are exactly
    /// <paramref name="upper"/>. Bytes past the input read as zero, like C's terminator.
    /// </summary>
    private static bool EqualsIgnoringZeros(ReadOnlySpan<byte> upper, ReadOnlySpan<byte> input, int start, int n)
    {
        // Only skipped zero bytes let n differ from the word's length: most candidates end here.
        if (n < upper.Length) return false;
        if (n > upper.Length && start + n <= input.Length && !input.Slice(start, n).Contains((byte)0)) return false;
        var ai = 0;
        for (var i = 0; i < n; i++)
        {
            var cb = ByteAt(input, start + i);
            if (cb == 0) continue;
            var ca = ai < upper.Length ? upper[ai] : (byte)0;
            ai++;
            if (cb is >= (byte)'a' and <= (byte)'z') cb -= 0x20;
            if (ca != cb) return false;
        }
        return ai == upper.Length;
    }

    /// <summary>Does the HTML-encoded text start with <paramref name="upper"/> (case-insensitive, zero bytes, newlines and leading control characters ignored)?</summary>
    private static bool HtmlEncodedStartsWith(ReadOnlySpan<byte> upper, ReadOnlySpan<byte> input, int at, int n)
    {
        var ai = 0;
        var first = true;
        while (n > 0)
        {
            if (ai == upper.Length) return true;
            var cb = DecodeCharAt(input, at, n, out var consumed);
            at += consumed;
            n -= consumed;
            if (first && cb <= 32) continue;
            first = false;
            if (cb == 0 || cb == 10) continue;
            if (cb is >= 'a' and <= 'z') cb -= 0x20;
            // C compares the decoded value cast to char: only its low byte counts.
            if (upper[ai] != (byte)cb) return false;
            ai++;
        }
        return ai == upper.Length;
    }

    /// <summary>
    /// One character of HTML text, decoding numeric entities (<c>&amp;#65;</c>, <c>&amp;#x41;</c>); any
    /// other '&amp;' stays itself. Like libinjection, it may look at the bytes just past <paramref name="len"/>.
    /// </summary>
    private static int DecodeCharAt(ReadOnlySpan<byte> s, int at, int len, out int consumed)
    {
        consumed = 1;
        var first = ByteAt(s, at);
        if (first != '&' || len < 2) return first;
        if (ByteAt(s, at + 1) != '#') return '&';

        int value, i;
        var third = ByteAt(s, at + 2);
        if (third is (byte)'x' or (byte)'X')
        {
            var digit = HexValue(ByteAt(s, at + 3));
            if (digit < 0) return '&';
            value = digit;
            for (i = 4; i < len; ++i)
            {
                var ch = ByteAt(s, at + i);
                if (ch == ';')
                {
                    consumed = i + 1;
                    return value;
                }
                digit = HexValue(ch);
                if (digit < 0)
                {
                    consumed = i;
                    return value;
                }
                value = value * 16 + digit;
                if (value > 0x1000FF) return '&';
            }
            consumed = i;
            return value;
        }

        if (third is < (byte)'0' or > (byte)'9') return '&';
        value = third - '0';
        for (i = 3; i < len; ++i)
        {
            var ch = ByteAt(s, at + i);
            if (ch == ';')
            {
                consumed = i + 1;
                return value;
            }
            if (ch is < (byte)'0' or > (byte)'9')
            {
                consumed = i;
                return value;
            }
            value = value * 10 + (ch - '0');
            if (value > 0x1000FF) return '&';
        }
        consumed = i;
        return value;
    }

    private static int HexValue(byte ch) => ch switch
    {
        >= (byte)'0' and <= (byte)'9' => ch - '0',
        >= (byte)'a' and <= (byte)'f' => ch - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => ch - 'A' + 10,
        _ => -1,
    };

    private static readonly byte[][] BlackTags =
    [
        .. new[]
        {
            "APPLET", "BASE", "COMMENT", "EMBED", "FRAME", "FRAMESET", "HANDLER", "IFRAME", "IMPORT", "ISINDEX",
            "LINK", "LISTENER", "META", "NOSCRIPT", "OBJECT", "SCRIPT", "STYLE", "VMLFRAME", "XML", "XSS",
        }.Select(System.Text.Encoding.ASCII.GetBytes),
    ];

    private static readonly (byte[] Name, AttributeType Type)[] BlackAttributes =
    [
        .. new (string, AttributeType)[]
        {
            ("ACTION", AttributeType.Url), // form
            ("ATTRIBUTENAME", AttributeType.Indirect), // SVG names an attribute in a value
            ("BY", AttributeType.Url), // SVG
            ("BACKGROUND", AttributeType.Url), // IE6, O11
            ("DATAFORMATAS", AttributeType.Black), // IE
            ("DATASRC", AttributeType.Black), // IE
            ("DYNSRC", AttributeType.Url), // obsolete img attribute
            ("FILTER", AttributeType.Style), // Opera, SVG inline style
            ("FORMACTION", AttributeType.Url), // HTML 5
            ("FOLDER", AttributeType.Url), // A tags, IE only
            ("FROM", AttributeType.Url), // SVG
            ("HANDLER", AttributeType.Url), // SVG Tiny, Opera
            ("HREF", AttributeType.Url),
            ("LOWSRC", AttributeType.Url), // obsolete img attribute
            ("POSTER", AttributeType.Url), // Opera 10, 11
            ("SRC", AttributeType.Url),
            ("STYLE", AttributeType.Style),
            ("TO", AttributeType.Url), // SVG
            ("VALUES", AttributeType.Url), // SVG
            ("XLINK:HREF", AttributeType.Url),
        }.Select(a => (System.Text.Encoding.ASCII.GetBytes(a.Item1), a.Item2)),
    ];

    /// <summary>Event names after "on" (libinjection 4's list, from WebKit's EventNames.h), in its order.</summary>
    private static readonly byte[][] BlackEvents =
    [
        .. """
        ABORT ACTIVATE ACTIVE ADDSOURCEBUFFER ADDSTREAM ADDTRACK AFTERPRINT ANIMATIONCANCEL ANIMATIONEND
        ANIMATIONITERATION ANIMATIONSTART AUDIOEND AUDIOPROCESS AUDIOSTART AUTOCOMPLETEERROR AUTOCOMPLETE
        BEFOREACTIVATE BEFORECOPY BEFORECUT BEFOREINPUT BEFORELOAD BEFOREPASTE BEFOREPRINT BEFOREUNLOAD
        BEGINEVENT BLOCKED BLUR BOUNDARY BUFFEREDAMOUNTLOW CACHED CANCEL CANPLAYTHROUGH CANPLAY CHANGE
        CHARGINGCHANGE CHARGINGTIMECHANGE CHECKING CLICK CLOSE COMPLETE COMPOSITIONEND COMPOSITIONSTART
        COMPOSITIONUPDATE CONNECTING CONNECTIONSTATECHANGE CONNECT CONTEXTMENU CONTROLLERCHANGE COPY
        CUECHANGE CUT DATAAVAILABLE DATACHANNEL DBLCLICK DEVICECHANGE DEVICEMOTION DEVICEORIENTATION
        DISCHARGINGTIMECHANGE DISCONNECT DOMACTIVATE DOMCHARACTERDATAMODIFIED DOMCONTENTLOADED DOMFOCUSIN
        DOMFOCUSOUT DOMNODEINSERTEDINTODOCUMENT DOMNODEINSERTED DOMNODEREMOVEDFROMDOCUMENT DOMNODEREMOVED
        DOMSUBTREEMODIFIED DOWNLOADING DRAGEND DRAGENTER DRAGLEAVE DRAGOVER DRAGSTART DRAG DROP
        DURATIONCHANGE EMPTIED ENCRYPTED ENDED ENDEVENT END ENTERPICTUREINPICTURE ENTER ERROR EXIT FETCH
        FINISH FOCUSIN FOCUSOUT FOCUS FORMCHANGE FORMINPUT GAMEPADCONNECTED GAMEPADDISCONNECTED
        GESTURECHANGE GESTUREEND GESTURESCROLLEND GESTURESCROLLSTART GESTURESCROLLUPDATE GESTURESTART
        GESTURETAPDOWN GESTURETAP GOTPOINTERCAPTURE HASHCHANGE ICECANDIDATEERROR ICECANDIDATE
        ICECONNECTIONSTATECHANGE ICEGATHERINGSTATECHANGE INACTIVE INPUTSOURCESCHANGE INPUT INSTALL INVALID
        KEYDOWN KEYPRESS KEYSTATUSESCHANGE KEYUP LANGUAGECHANGE LEAVEPICTUREINPICTURE LEVELCHANGE LOADEDDATA
        LOADEDMETADATA LOADEND LOADINGDONE LOADINGERROR LOADING LOADSTART LOAD LOSTPOINTERCAPTURE MARK
        MERCHANTVALIDATION MESSAGEERROR MESSAGE MOUSEDOWN MOUSEENTER MOUSELEAVE MOUSEMOVE MOUSEOUT MOUSEOVER
        MOUSEUP MOUSEWHEEL MUTE NEGOTIATIONNEEDED NEXTTRACK NOMATCH NOUPDATE OBSOLETE OFFLINE ONLINE OPEN
        ORIENTATIONCHANGE OVERCONSTRAINED OVERFLOWCHANGED PAGEHIDE PAGESHOW PASTE PAUSE PAYERDETAILCHANGE
        PAYMENTAUTHORIZED PAYMENTMETHODCHANGE PAYMENTMETHODSELECTED PLAYING PLAY POINTERCANCEL POINTERDOWN
        POINTERENTER POINTERLEAVE POINTERLOCKCHANGE POINTERLOCKERROR POINTERMOVE POINTEROUT POINTEROVER
        POINTERUP POPSTATE PREVIOUSTRACK PROCESSORERROR PROGRESS PROPERTYCHANGE RATECHANGE READYSTATECHANGE
        REJECTIONHANDLED REMOVESOURCEBUFFER REMOVESTREAM REMOVETRACK REMOVE RESET RESIZE
        RESOURCETIMINGBUFFERFULL RESULT RESUME SCROLL SEARCH SECURITYPOLICYVIOLATION SEEKED SEEKING SELECTEND
        SELECTIONCHANGE SELECTSTART SELECT SHIPPINGADDRESSCHANGE SHIPPINGCONTACTSELECTED
        SHIPPINGMETHODSELECTED SHIPPINGOPTIONCHANGE SHOW SIGNALINGSTATECHANGE SLOTCHANGE SOUNDEND SOUNDSTART
        SOURCECLOSE SOURCEENDED SOURCEOPEN SPEECHEND SPEECHSTART SQUEEZEEND SQUEEZESTART SQUEEZE STALLED
        STARTED START STATECHANGE STOP STORAGE SUBMIT SUCCESS SUSPEND TEXTINPUT TIMEOUT TIMEUPDATE TOGGLE
        TONECHANGE TOUCHCANCEL TOUCHEND TOUCHFORCECHANGE TOUCHMOVE TOUCHSTART TRACK TRANSITIONCANCEL
        TRANSITIONEND TRANSITIONRUN TRANSITIONSTART UNCAPTUREDERROR UNHANDLEDREJECTION UNLOAD UNMUTE
        UPDATEEND UPDATEFOUND UPDATEREADY UPDATESTART UPDATE UPGRADENEEDED VALIDATEMERCHANT VERSIONCHANGE
        VISIBILITYCHANGE VOLUMECHANGE WAITINGFORKEY WAITING WEBGLCONTEXTCHANGED WEBGLCONTEXTCREATIONERROR
        WEBGLCONTEXTLOST WEBGLCONTEXTRESTORED WEBKITANIMATIONEND WEBKITANIMATIONITERATION WEBKITANIMATIONSTART
        WEBKITBEFORETEXTINSERTED WEBKITBEGINFULLSCREEN WEBKITCURRENTPLAYBACKTARGETISWIRELESSCHANGED
        WEBKITENDFULLSCREEN WEBKITFULLSCREENCHANGE WEBKITFULLSCREENERROR WEBKITKEYADDED WEBKITKEYERROR
        WEBKITKEYMESSAGE WEBKITMOUSEFORCECHANGED WEBKITMOUSEFORCEDOWN WEBKITMOUSEFORCEUP
        WEBKITMOUSEFORCEWILLBEGIN WEBKITNEEDKEY WEBKITNETWORKINFOCHANGE WEBKITPLAYBACKTARGETAVAILABILITYCHANGED
        WEBKITPRESENTATIONMODECHANGED WEBKITREGIONOVERSETCHANGE WEBKITREMOVESOURCEBUFFER WEBKITSOURCECLOSE
        WEBKITSOURCEENDED WEBKITSOURCEOPEN WEBKITSPEECHCHANGE WEBKITTRANSITIONEND WEBKITWILLREVEALBOTTOM
        WEBKITWILLREVEALLEFT WEBKITWILLREVEALRIGHT WEBKITWILLREVEALTOP WHEEL WRITEEND WRITESTART WRITE ZOOM
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Select(System.Text.Encoding.ASCII.GetBytes),
    ];
}
