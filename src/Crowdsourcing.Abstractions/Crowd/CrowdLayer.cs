namespace Crowdsourcing.Crowd;

/// <summary>
/// The four crowd layers of the B2B crowdsourcing roadmap, ordered from the closest to the firm to the farthest.
/// The order matters: confidentiality is expressed as the farthest layer that may see a task.
/// </summary>
public enum CrowdLayer
{
    /// <summary>The firm's own people.</summary>
    Internal = 0,

    /// <summary>Partners the firm already works with under contract.</summary>
    TrustedPartners = 1,

    /// <summary>Participants and communities that passed a qualification.</summary>
    Prequalified = 2,

    /// <summary>The general, open crowd.</summary>
    General = 3,
}

/// <summary>How a campaign reaches its crowd.</summary>
public enum CrowdConfiguration
{
    /// <summary>Run by the firm inside its own organisation and platform.</summary>
    Internal = 0,

    /// <summary>Through an intermediary (a broker) that owns the crowd and the platform.</summary>
    ViaBroker = 1,

    /// <summary>An open call to anyone.</summary>
    Open = 2,
}
