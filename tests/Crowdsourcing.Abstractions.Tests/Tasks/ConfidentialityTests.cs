using Crowdsourcing.Crowd;
using Crowdsourcing.Tasks;

namespace Crowdsourcing.Abstractions.Tests.Tasks;

public sealed class ConfidentialityTests
{
    [Theory]
    [InlineData(Confidentiality.Public, CrowdLayer.General)]
    [InlineData(Confidentiality.Internal, CrowdLayer.Prequalified)]
    [InlineData(Confidentiality.Confidential, CrowdLayer.TrustedPartners)]
    [InlineData(Confidentiality.Secret, CrowdLayer.Internal)]
    public void FarthestAllowedLayer_narrows_with_confidentiality(Confidentiality level, CrowdLayer farthest) =>
        Assert.Equal(farthest, level.FarthestAllowedLayer());

    [Fact]
    public void FarthestAllowedLayer_refuses_an_undefined_level()
    {
        var exception = Assert.Throws<ValidationFailedException>(() => ((Confidentiality)7).FarthestAllowedLayer());
        Assert.Equal("confidentiality", exception.Path);
    }

    [Fact]
    public void Layers_are_ordered_from_the_firm_outwards()
    {
        Assert.Equal([CrowdLayer.Internal, CrowdLayer.TrustedPartners, CrowdLayer.Prequalified, CrowdLayer.General], Enum.GetValues<CrowdLayer>());
    }

    [Theory]
    [InlineData(CrowdLayer.Internal, true)]
    [InlineData(CrowdLayer.TrustedPartners, false)]
    [InlineData(CrowdLayer.Prequalified, true)]
    [InlineData(CrowdLayer.General, false)]
    public void Allows_is_true_only_for_the_listed_layers(CrowdLayer layer, bool allowed)
    {
        // Not a prefix of the layers: a task may skip a layer closer to the firm.
        var task = new CrowdTask("t", "T", TaskKind.MicroTask, Confidentiality.Internal, [CrowdLayer.Prequalified, CrowdLayer.Internal]);
        Assert.Equal(allowed, task.Allows(layer));
    }

    [Fact]
    public void Allows_is_false_for_an_undefined_layer()
    {
        var task = new CrowdTask("t", "T", TaskKind.MicroTask, Confidentiality.Public, Enum.GetValues<CrowdLayer>());
        Assert.False(task.Allows((CrowdLayer)9));
    }
}
