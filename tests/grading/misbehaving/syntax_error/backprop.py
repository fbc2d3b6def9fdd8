def elu_forward(x:
    return x
