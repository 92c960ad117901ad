namespace ProxyServer.NginxConf.Directives;

/// <summary>
/// The shape of a directive's arguments when it is one of nginx's generic slots
/// (<c>ngx_conf_set_flag_slot</c>, <c>_size_slot</c>, <c>_msec_slot</c>, <c>_num_slot</c>, <c>_bufs_slot</c>,
/// <c>_enum_slot</c>, <c>_bitmask_slot</c>). The validator checks these generically with nginx's wording;
/// anything richer gets a <see cref="DirectiveSpec.Check"/>.
/// </summary>
public enum ValueKind
{
    /// <summary>Free text, or checked by the spec's own <see cref="DirectiveSpec.Check"/>.</summary>
    Text,
    /// <summary><c>on</c> | <c>off</c>.</summary>
    Flag,
    /// <summary>Bytes: <c>512</c>, <c>8k</c>, <c>10m</c> (size slots).</summary>
    Size,
    /// <summary>A duration with millisecond resolution: <c>30</c>, <c>30s</c>, <c>1h 30m</c>, <c>500ms</c> (msec slots).</summary>
    Time,
    /// <summary>A duration with second resolution, no <c>ms</c> (sec slots).</summary>
    Seconds,
    /// <summary>Bytes where <c>g</c> is allowed too (offset slots: <c>client_max_body_size 1g</c>).</summary>
    Offset,
    /// <summary>A non-negative integer.</summary>
    Number,
    /// <summary><c>NUMBER SIZE</c> as in <c>proxy_buffers 8 4k</c>.</summary>
    Buffers,
    /// <summary>One of <see cref="DirectiveSpec.Choices"/>.</summary>
    Choice,
    /// <summary>Each argument one of <see cref="DirectiveSpec.Choices"/>.</summary>
    ChoiceList,
}
