package strategies

// CancelEvery exports cancelEvery to the external tests, so their bound on
// the items checked after a failure follows it.
const CancelEvery = cancelEvery
