"""The Technion-style CNN, residual blocks and ResNet: module sequences, shapes, parameter counts."""
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn

from nnbook.torch_models import (ArgMaxClassifier, CNN, ResidualBlock, ResidualBottleneckBlock,
                                 ResNet, TorchTrainer)

# The assignment's own example configurations (CS236781 HW2, part 4).
CONFIGS = [
    dict(in_size=(3, 100, 100), out_classes=10, channels=[32] * 4, pool_every=2, hidden_dims=[100] * 2,
         conv_params=dict(kernel_size=3, stride=1, padding=1), activation_type="relu",
         activation_params=dict(), pooling_type="max", pooling_params=dict(kernel_size=2)),
    dict(in_size=(3, 100, 100), out_classes=10, channels=[32] * 2, pool_every=2, hidden_dims=[100] * 2,
         conv_params=dict(kernel_size=5, stride=2, padding=3), activation_type="lrelu",
         activation_params=dict(negative_slope=0.05), pooling_type="avg",
         pooling_params=dict(kernel_size=3)),
    dict(in_size=(3, 100, 100), out_classes=3, channels=[16] * 5, pool_every=3, hidden_dims=[100] * 1,
         conv_params=dict(kernel_size=2, stride=2, padding=2), activation_type="lrelu",
         activation_params=dict(negative_slope=0.1), pooling_type="max",
         pooling_params=dict(kernel_size=2)),
]
# Expected sequences: C = conv, A = activation, P = pooling, L = linear.
EXPECTED = [("CACAPCACAP", "LALAL", 32 * 25 * 25), ("CACAP", "LALAL", 32 * 9 * 9),
            ("CACACAPCACA", "LAL", 16 * 5 * 5)]


def letters(seq: nn.Sequential) -> str:
    code = {nn.Conv2d: "C", nn.ReLU: "A", nn.LeakyReLU: "A", nn.Tanh: "A", nn.Sigmoid: "A", nn.MaxPool2d: "P", nn.AvgPool2d: "P",
            nn.Linear: "L", nn.BatchNorm2d: "B", nn.Dropout2d: "D"}
    return "".join(code[type(m)] for m in seq)


def n_params(m: nn.Module) -> int:
    return sum(p.numel() for p in m.parameters())


@pytest.mark.parametrize("i", range(3))
def test_cnn_structure_shapes_and_parameter_count(i):
    cfg = CONFIGS[i]
    seq, mlp, features = EXPECTED[i]
    net = CNN(**cfg)
    assert letters(net.feature_extractor) == seq
    assert letters(net.mlp) == mlp
    assert net.mlp[0].in_features == features
    act = nn.ReLU if cfg["activation_type"] == "relu" else nn.LeakyReLU
    assert all(isinstance(m, act) for m in [*net.feature_extractor, *net.mlp] if letters([m]) == "A")
    if act is nn.LeakyReLU:
        assert net.feature_extractor[1].negative_slope == cfg["activation_params"]["negative_slope"]
    conv = net.feature_extractor[0]
    k, s, p = (cfg["conv_params"][key] for key in ("kernel_size", "stride", "padding"))
    assert conv.kernel_size == (k, k) and conv.stride == (s, s) and conv.padding == (p, p)
    out = net(torch.randn(2, *cfg["in_size"]))
    assert out.shape == (2, cfg["out_classes"])
    # parameter count from the formula: convs C_in·C_out·k² + C_out, linears D·M + M
    chans = [3, *cfg["channels"]]
    expected = sum(a * b * k * k + b for a, b in zip(chans, chans[1:]))
    dims = [features, *cfg["hidden_dims"], cfg["out_classes"]]
    expected += sum(a * b + b for a, b in zip(dims, dims[1:]))
    assert n_params(net) == expected


def test_counting_features_leaves_torch_random_state_alone():
    net = ResNet((3, 16, 16), 10, channels=[8, 8], pool_every=2, hidden_dims=[], dropout=0.5)
    state = torch.get_rng_state()
    assert net._n_features() == 8 * 8 * 8           # Dropout2d in the probe draws numbers
    assert torch.equal(state, torch.get_rng_state())


def test_residual_block_of_the_assignment():
    block = ResidualBlock(in_channels=3, channels=[6, 4] * 2, kernel_sizes=[3, 5] * 2,
                          batchnorm=True, dropout=0.2)
    assert letters(block.main_path) == "CDBA" * 3 + "C"
    convs = [m for m in block.main_path if isinstance(m, nn.Conv2d)]
    assert [(c.in_channels, c.out_channels, c.kernel_size[0], c.padding[0]) for c in convs] == \
        [(3, 6, 3, 1), (6, 4, 5, 2), (4, 6, 3, 1), (6, 4, 5, 2)]
    assert all(c.bias is not None for c in convs)
    (skip,) = block.shortcut_path
    assert isinstance(skip, nn.Conv2d) and skip.kernel_size == (1, 1) and skip.bias is None
    assert (skip.in_channels, skip.out_channels) == (3, 4)
    x = torch.randn(2, 3, 8, 8)
    assert block(x).shape == (2, 4, 8, 8)
    assert n_params(block) == (3 * 6 * 9 + 6 + 6 * 4 * 25 + 4 + 4 * 6 * 9 + 6 + 6 * 4 * 25 + 4
                               + 2 * (6 + 4 + 6) + 3 * 4)


def test_residual_block_is_relu_of_main_plus_identity():
    block = ResidualBlock(4, [4, 4], [3, 3]).eval()
    assert len(block.shortcut_path) == 0
    x = torch.randn(2, 4, 5, 5)
    torch.testing.assert_close(block(x), torch.relu(block.main_path(x) + x))
    assert letters(block.main_path) == "CAC"


def test_bottleneck_block_of_the_assignment():
    block = ResidualBottleneckBlock(in_out_channels=256, inner_channels=[64, 32, 64],
                                    inner_kernel_sizes=[3, 5, 3], batchnorm=False, dropout=0.1,
                                    activation_type="lrelu")
    convs = [m for m in block.main_path if isinstance(m, nn.Conv2d)]
    assert [(c.in_channels, c.out_channels, c.kernel_size[0]) for c in convs] == \
        [(256, 64, 1), (64, 64, 3), (64, 32, 5), (32, 64, 3), (64, 256, 1)]
    assert letters(block.main_path) == "CDA" * 4 + "C"
    assert len(block.shortcut_path) == 0
    assert block(torch.randn(1, 256, 6, 6)).shape == (1, 256, 6, 6)


@pytest.mark.parametrize("bottleneck", [False, True])
def test_resnet_of_the_assignment(bottleneck):
    net = ResNet(in_size=(3, 32, 32), out_classes=10, channels=[32, 64] * 3, pool_every=4,
                 hidden_dims=[100] * 2, activation_type="lrelu",
                 activation_params=dict(negative_slope=0.01), pooling_type="avg",
                 pooling_params=dict(kernel_size=2), batchnorm=True, dropout=0.1,
                 bottleneck=bottleneck)
    kinds = [type(m) for m in net.feature_extractor]
    assert kinds == [ResidualBlock, nn.AvgPool2d, ResidualBlock]     # 3 → 64 and 64 → 64 (2 convs)
    assert net.mlp[0].in_features == 64 * 16 * 16
    assert net(torch.randn(2, 3, 32, 32)).shape == (2, 10)


def test_resnet_uses_bottlenecks_where_channels_agree():
    net = ResNet(in_size=(3, 16, 16), out_classes=5, channels=[4, 4, 8, 8, 4, 8], pool_every=3,
                 hidden_dims=[], bottleneck=True)
    first, _, second, _ = net.feature_extractor
    assert type(first) is ResidualBlock and type(second) is ResidualBottleneckBlock
    convs = [m for m in second.main_path if isinstance(m, nn.Conv2d)]
    assert [(c.in_channels, c.out_channels, c.kernel_size[0]) for c in convs] == \
        [(8, 4, 1), (4, 4, 3), (4, 8, 1)]
    assert net(torch.randn(3, 3, 16, 16)).shape == (3, 5)


@pytest.mark.parametrize("kwargs,match", [
    (dict(channels=[]), "channels"), (dict(pool_every=0), "pool_every"),
    (dict(activation_type="softplus"), "activation_type"), (dict(pooling_type="min"), "pooling_type"),
    (dict(in_size=(3, 32)), "in_size"), (dict(channels=[32] * 8), "shrink")])
def test_cnn_bad_settings(kwargs, match):
    cfg = dict(in_size=(3, 32, 32), out_classes=10, channels=[8], pool_every=1, hidden_dims=[16])
    cfg.update(kwargs)
    with pytest.raises(ValueError, match=match):
        CNN(**cfg)


def test_residual_block_bad_settings():
    with pytest.raises(ValueError, match="odd"):
        ResidualBlock(3, [4], [2])
    with pytest.raises(ValueError, match="same length"):
        ResidualBlock(3, [4, 4], [3])
    with pytest.raises(ValueError, match="dropout"):
        ResidualBlock(3, [4], [3], dropout=1.0)


def test_classifier_probabilities_and_classes():
    torch.manual_seed(0)
    clf = ArgMaxClassifier(nn.Linear(5, 3))
    x = torch.randn(7, 5)
    p = clf.predict_proba(x)
    torch.testing.assert_close(p.sum(1), torch.ones(7))
    assert torch.equal(clf.classify(x), clf(x).argmax(1))


def test_torch_trainer_overfits_a_tiny_set_and_fills_history():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 1, 8, 8)).astype(np.float32)
    y = rng.integers(0, 4, 40)
    torch.manual_seed(0)
    net = CNN((1, 8, 8), 4, channels=[8, 8], pool_every=2, hidden_dims=[32])
    trainer = TorchTrainer(net, nn.CrossEntropyLoss(), torch.optim.Adam(net.parameters(), lr=1e-2),
                           device="cpu", rng=0)
    history = trainer.fit(X, y, val=(X, y), epochs=30, batch_size=10, progress=False)
    assert len(history) == 30 and history.epoch == list(range(1, 31))
    assert history.train_acc[-1] >= 0.9 and trainer.evaluate(X, y)[1] >= 0.9
    assert trainer.predict(X).shape == (40, 4)


def test_nnbook_imports_without_torch_models():
    code = "import sys, nnbook; assert 'nnbook.torch_models' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_trainer_hands_torch_models_to_the_torch_trainer():
    from nnbook.training import Trainer
    net = nn.Sequential(nn.Flatten(), nn.Linear(4, 2))
    trainer = Trainer(net, nn.CrossEntropyLoss(), torch.optim.SGD(net.parameters(), lr=0.1),
                      device="cpu")
    assert isinstance(trainer, TorchTrainer)
    X, y = np.random.default_rng(0).standard_normal((8, 1, 2, 2)), np.arange(8) % 2
    history = trainer.fit(X, y, epochs=2, batch_size=4, progress=False)
    assert len(history) == 2 and np.isnan(history.val_loss[0])


# -- every configuration the assignment prints builds and trains a step --------------------------
ASSIGNMENT = {
    **{f"CNN-{i}": (CNN, cfg) for i, cfg in enumerate(CONFIGS)},
    "ResNet-lrelu-avg": (ResNet, dict(in_size=(3, 100, 100), out_classes=10, channels=[32, 64] * 3,
                                      pool_every=4, hidden_dims=[100] * 2, activation_type="lrelu",
                                      activation_params=dict(negative_slope=0.01), pooling_type="avg",
                                      pooling_params=dict(kernel_size=2), batchnorm=True, dropout=0.1)),
    "ResNet-tanh-bottleneck": (ResNet, dict(in_size=(3, 100, 100), out_classes=5,
                                            channels=[64, 16, 64] * 4, pool_every=3, hidden_dims=[64],
                                            activation_type="tanh", pooling_type="max",
                                            pooling_params=dict(kernel_size=2), batchnorm=True,
                                            dropout=0.1, bottleneck=True)),
    **{f"CNN-{act}": (CNN, dict(in_size=(3, 16, 16), out_classes=4, channels=[8, 8], pool_every=2,
                                hidden_dims=[16], activation_type=act, activation_params=params))
       for act, params in [("relu", {}), ("lrelu", dict(negative_slope=0.2)), ("tanh", {}),
                           ("sigmoid", {})]},
    **{f"ResNet-{act}": (ResNet, dict(in_size=(3, 16, 16), out_classes=4, channels=[8, 8, 8],
                                      pool_every=3, hidden_dims=[16], activation_type=act,
                                      activation_params=params, batchnorm=True, bottleneck=True))
       for act, params in [("relu", {}), ("lrelu", dict(negative_slope=0.2)), ("tanh", {}),
                           ("sigmoid", {})]},
}


def one_step(net: nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    """One SGD step; returns the loss and checks that every parameter moved or got a gradient."""
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    loss = nn.functional.cross_entropy(net(x), y)
    loss.backward()
    assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in net.parameters())
    opt.step()
    return float(loss.detach())


@pytest.mark.parametrize("name", list(ASSIGNMENT))
def test_every_assignment_configuration_builds_and_trains_a_step(name):
    cls, cfg = ASSIGNMENT[name]
    torch.manual_seed(0)
    net = cls(**cfg)
    x = torch.randn(2, *cfg["in_size"])
    y = torch.tensor([0, cfg["out_classes"] - 1])
    assert np.isfinite(one_step(net, x, y))
    assert net(x).shape == (2, cfg["out_classes"])
    act = {"relu": nn.ReLU, "lrelu": nn.LeakyReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid}[
        cfg.get("activation_type", "relu")]
    acts = [m for m in net.modules() if isinstance(m, (nn.ReLU, nn.LeakyReLU, nn.Tanh, nn.Sigmoid))]
    assert acts and all(type(m) is act for m in acts)


def test_the_tanh_bottleneck_resnet_has_the_assignment_structure():
    _, cfg = ASSIGNMENT["ResNet-tanh-bottleneck"]
    net = ResNet(**cfg)
    kinds = [type(m).__name__ for m in net.feature_extractor]
    assert kinds == ["ResidualBlock", "MaxPool2d"] + ["ResidualBottleneckBlock", "MaxPool2d"] * 3
    first, bottleneck = net.feature_extractor[0], net.feature_extractor[2]
    assert letters(first.main_path) == "CDBACDBAC"
    assert [(c.in_channels, c.out_channels, c.kernel_size[0]) for c in bottleneck.main_path
            if isinstance(c, nn.Conv2d)] == [(64, 16, 1), (16, 16, 3), (16, 64, 1)]
    assert net.mlp[0].in_features == 64 * 6 * 6 and letters(net.mlp) == "LAL"


def test_assignment_blocks_train_a_step():
    torch.manual_seed(0)
    block = ResidualBlock(in_channels=3, channels=[6, 4] * 2, kernel_sizes=[3, 5] * 2,
                          batchnorm=True, dropout=0.2)
    bottleneck = ResidualBottleneckBlock(in_out_channels=256, inner_channels=[64, 32, 64],
                                         inner_kernel_sizes=[3, 5, 3], batchnorm=False, dropout=0.1,
                                         activation_type="lrelu")
    for net, c in ((block, 3), (bottleneck, 256)):
        head = nn.Sequential(net, nn.Flatten(), nn.LazyLinear(3))
        x = torch.randn(2, c, 6, 6)
        head(x)                                    # materialise the lazy layer
        assert np.isfinite(one_step(head, x, torch.tensor([0, 2])))


def test_the_torch_trainer_takes_an_optimizer_of_some_layers_only():
    torch.manual_seed(0)
    net = CNN((1, 8, 8), 3, channels=[4], pool_every=1, hidden_dims=[8])
    frozen = [p.detach().clone() for p in net.feature_extractor.parameters()]
    trainer = TorchTrainer(net, nn.CrossEntropyLoss(), torch.optim.SGD(net.mlp.parameters(), lr=0.1),
                           device="cpu")
    X = np.random.default_rng(0).standard_normal((6, 1, 8, 8)).astype(np.float32)
    trainer.fit(X, np.arange(6) % 3, epochs=1, batch_size=3, progress=False)
    assert all(torch.equal(a, b) for a, b in zip(frozen, net.feature_extractor.parameters()))
