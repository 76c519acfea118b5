"""The serving grid for training: onnxruntime's rounding, a straight-through gradient, saved copies on the grid."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")


def test_on_grid_rounds_each_row_like_onnxruntimes_reduce_range_quantiser() -> None:
    from onnx import TensorProto
    from onnxruntime.quantization.quant_utils import quantize_data

    from training.grid import on_grid

    weight = torch.randn(6, 40, generator=torch.Generator().manual_seed(0))
    weight[2, 5] = 9.0  # an outlier coarsens its own row only
    ours = on_grid(weight).numpy()
    for row in range(weight.shape[0]):
        _, scale, quantised = quantize_data(weight[row].numpy(), TensorProto.INT8, symmetric=True, reduce_range=True)
        np.testing.assert_allclose(ours[row], quantised.astype(np.float32) * scale, rtol=1e-6, atol=1e-7)


def test_grid_weights_round_forward_and_pass_the_gradient_straight_through() -> None:
    from training.grid import GridWeights, on_grid

    weight = torch.randn(3, 8, requires_grad=True)
    out = GridWeights()(weight)
    assert torch.equal(out.detach(), on_grid(weight.detach()))
    out.sum().backward()
    assert torch.equal(weight.grad, torch.ones_like(weight))


def test_attached_grid_computes_with_rounded_weights_and_serves_them_for_saving() -> None:
    from torch import nn

    from training.grid import attach, on_grid, served

    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 4), nn.Tanh(), nn.Linear(4, 2))
    x = torch.randn(5, 8)
    rounded = [on_grid(m.weight.detach().clone()) for m in (model[0], model[2])]
    attach(model)
    expected = torch.tanh(x @ rounded[0].T + model[0].bias) @ rounded[1].T + model[2].bias
    assert torch.allclose(model(x), expected, atol=1e-6)

    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
    latent = model[0].parametrizations.weight.original
    model(x).sum().backward()  # the fp32 weights underneath receive the gradient
    optimizer.step()
    assert latent.grad is not None
    before = latent.detach().clone()

    with served(model) as plain:
        assert not hasattr(plain[0], "parametrizations")
        assert set(plain.state_dict()) == {"0.weight", "0.bias", "2.weight", "2.bias"}
        assert torch.equal(plain[0].weight, on_grid(before))
    # Afterwards: the same fp32 Parameter (the optimiser's) with its sub-grid value, on the grid again.
    assert model[0].parametrizations.weight.original is latent
    assert torch.equal(latent, before)
    assert torch.allclose(model(x), torch.tanh(x @ on_grid(before).T + model[0].bias) @ on_grid(
        model[2].parametrizations.weight.original.detach()).T + model[2].bias, atol=1e-6)
