"""kerata.random implementation: `SeedGenerator` and the random ops."""

from kerata.src.random.random import beta
from kerata.src.random.random import binomial
from kerata.src.random.random import categorical
from kerata.src.random.random import dropout
from kerata.src.random.random import gamma
from kerata.src.random.random import normal
from kerata.src.random.random import randint
from kerata.src.random.random import shuffle
from kerata.src.random.random import truncated_normal
from kerata.src.random.random import uniform
from kerata.src.random.seed_generator import SeedGenerator
from kerata.src.random.seed_generator import draw_seed
