"""Public ops: `kerata.ops.math`, split by topic.

Every op is also exported as `kerata.ops.<name>`; internal code may write
`ops.math.fft(...)` or `ops.fft(...)`.
"""

from kerata.src.ops.math.fourier import extract_sequences
from kerata.src.ops.math.fourier import fft
from kerata.src.ops.math.fourier import fft2
from kerata.src.ops.math.fourier import ifft2
from kerata.src.ops.math.fourier import irfft
from kerata.src.ops.math.fourier import istft
from kerata.src.ops.math.fourier import rfft
from kerata.src.ops.math.fourier import stft
from kerata.src.ops.math.reductions import cdist
from kerata.src.ops.math.reductions import in_top_k
from kerata.src.ops.math.reductions import logsumexp
from kerata.src.ops.math.reductions import segment_max
from kerata.src.ops.math.reductions import segment_min
from kerata.src.ops.math.reductions import segment_prod
from kerata.src.ops.math.reductions import segment_sum
from kerata.src.ops.math.reductions import top_k
from kerata.src.ops.math.special import erf
from kerata.src.ops.math.special import erfc
from kerata.src.ops.math.special import erfinv
from kerata.src.ops.math.special import logdet
from kerata.src.ops.math.special import rsqrt
from kerata.src.ops.math.special import view_as_complex
from kerata.src.ops.math.special import view_as_real
