namespace EndoKED.EndToEnd.Tests;
