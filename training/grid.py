"""The serving artefact's weight grid, for training: every Linear weight rounded the way onnxruntime stores it.

Serving stores each MatMul weight in 7 bits per output column (`training.export.quantize`, reduce_range). A model
trained further from the int8 artefact starts on that grid, and one epoch at lr 3e-5 moves the median weight by
about a tenth of a grid step: at export nearly every weight rounds back to where it started, and what the epoch
taught is mostly lost (a plain social-register epoch read 不能更满意了 as praise in fp32, p 0.86, and as a
complaint after export, p negative 0.89). Training with the grid in the forward pass (`attach`) makes the loss see the served weights,
with a straight-through gradient to the fp32 weights underneath.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import torch
from torch import nn
from torch.nn.utils import parametrize

LEVELS = 64  # onnxruntime's reduced int8 range for symmetric weights (reduce_range): −64…64


def grid_codes(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """`weight` [out, in] as onnxruntime's per-channel, reduce_range int8 quantiser stores it: integer codes in
    −64…64 (as floats) and one scale per output row."""
    scale = weight.abs().amax(dim=1, keepdim=True).clamp(min=1e-12) / LEVELS
    return torch.clamp(torch.round(weight / scale), -LEVELS, LEVELS), scale


def on_grid(weight: torch.Tensor) -> torch.Tensor:
    """`weight` [out, in] rounded the way onnxruntime's per-channel, reduce_range int8 quantiser stores it."""
    codes, scale = grid_codes(weight)
    return codes * scale


class GridWeights(nn.Module):
    """Parametrisation: the forward pass sees the rounded weight; the gradient passes straight through."""

    def forward(self, weight: torch.Tensor) -> torch.Tensor:
        return weight + (on_grid(weight.detach()) - weight).detach()


def linears(model: nn.Module) -> list[nn.Linear]:
    return [m for m in model.modules() if isinstance(m, nn.Linear)]


def attach(model: nn.Module) -> None:
    """From now on every Linear of `model` computes with its rounded weight."""
    for linear in linears(model):
        parametrize.register_parametrization(linear, "weight", GridWeights())


def freeze_linear_weights(model: nn.Module) -> None:
    """Stop every Linear weight from training. The int8 export stores only those on the grid; the rest (embeddings,
    LayerNorms, biases) it keeps in fp32, so a run that trains only the rest serves exactly what it learnt, with no
    weight crossing a rounding boundary."""
    for linear in linears(model):
        for name, parameter in linear.named_parameters():
            if name in ("weight", "parametrizations.weight.original"):  # plain, or under the grid parametrisation
                parameter.requires_grad_(False)


def snap(model: nn.Module) -> None:
    """Remove the parametrisation, leaving each weight on the grid."""
    for linear in linears(model):
        if parametrize.is_parametrized(linear, "weight"):
            parametrize.remove_parametrizations(linear, "weight", leave_parametrized=True)


@contextmanager
def served(model: nn.Module) -> Iterator[nn.Module]:
    """`model` as a plain module with its weights on the grid, for saving; afterwards it trains on as before.

    Not a deep copy: parametrised modules share a generated class, and removing the parametrisation from a copy
    would strip it from the original too. The fp32 weights underneath stay the same Parameter objects, so the
    optimiser's state still applies when the parametrisation comes back.
    """
    attached = [m for m in linears(model) if parametrize.is_parametrized(m, "weight")]
    latent = []
    for linear in attached:
        parametrize.remove_parametrizations(linear, "weight", leave_parametrized=False)  # weight = the fp32 Parameter
        latent.append(linear.weight.detach().clone())
        with torch.no_grad():
            linear.weight.copy_(on_grid(linear.weight))
    try:
        yield model
    finally:
        for linear, weight in zip(attached, latent, strict=True):
            with torch.no_grad():
                linear.weight.copy_(weight)
            parametrize.register_parametrization(linear, "weight", GridWeights())
