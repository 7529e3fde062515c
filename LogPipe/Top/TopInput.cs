namespace LogPipe.Top;

/// <summary>What a key press (or a resized terminal) asks of the screen.</summary>
internal enum TopInput
{
    Quit,
    NextList,
    PreviousList,
    DayBack,
    DayForward,
    Redraw,
}
